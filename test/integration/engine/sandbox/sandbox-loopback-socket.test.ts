/**
 * The built-in test server is reachable on 127.0.0.1 only: both listening sockets, not just the
 * option check (sandbox-lifecycle.test.ts refuses other hosts); helpers/reachable-from.ts says how.
 */
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from './sandbox-fixture.ts';
import { ipv6Loopback, tryConnect } from '../../../helpers/reachable-from.ts';

describe('sandbox sockets', () => {
  it('take connections on 127.0.0.1 and refuse them on 127.0.0.2 and ::1', async () => {
    const { sandbox } = await startTestSandbox();
    const ipv6 = await ipv6Loopback();
    for (const port of [sandbox.smtpPort, sandbox.tlsPort]) {
      expect(await tryConnect('127.0.0.1', port)).toBe('connected');
      expect(await tryConnect('127.0.0.2', port)).toBe('ECONNREFUSED');
      if (ipv6) expect(await tryConnect('::1', port)).toBe('ECONNREFUSED');
    }
  });
});

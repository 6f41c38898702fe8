/**
 * "Messages are stored on this computer, never delivered": a message for an outside domain is
 * stored, and the sandbox makes no DNS query (not even the reverse lookup smtp-server would do)
 * and opens no connection. The lint rule for sandbox/ keeps network clients out of its code.
 */
import dns from 'node:dns';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RawSmtpClient } from './raw-smtp-client.ts';
import { startTestSandbox } from './sandbox-fixture.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every name-service call of node:dns (callback and promise forms), recorded and still answered. */
function watchDns(): string[] {
  const calls: string[] = [];
  for (const [api, prefix] of [[dns, 'dns'], [dns.promises, 'dns.promises']] as const) {
    for (const name of Object.keys(api).filter((k) => /^(lookup|reverse|resolve)/.test(k))) {
      const target = api as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = target[name]!;
      vi.spyOn(target, name).mockImplementation((...args: unknown[]) => {
        calls.push(`${prefix}.${name}(${String(args[0])})`);
        return original.apply(api, args);
      });
    }
  }
  return calls;
}

describe('sandbox sends nothing anywhere', () => {
  it('stores a message for an outside domain with no DNS query and no connection of its own', async () => {
    const { sandbox } = await startTestSandbox();
    const dnsCalls = watchDns();
    const connect = vi.spyOn(net.Socket.prototype, 'connect');

    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    expect((await client.read()).text).toMatch(/never delivered/);
    await client.command('EHLO client.test');
    expect((await client.command('MAIL FROM:<a@example.org>')).code).toBe(250);
    expect((await client.command('RCPT TO:<someone@example.net>')).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    expect((await client.command('Subject: relay me\r\n\r\nbody\r\n.')).code).toBe(250);
    expect((await client.command('QUIT')).code).toBe(221);
    client.close();

    expect((await sandbox.listMessages()).map((m) => m.to)).toEqual([['someone@example.net']]);
    expect(dnsCalls).toEqual([]);
    // The only connection made is the test client's own, to the sandbox.
    const targets = connect.mock.calls.map((args) => {
      // net.connect hands Socket#connect its normalized arguments: [[options, callback]].
      const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; port?: number };
      return `${first.host}:${first.port}`;
    });
    expect(targets).toEqual([`127.0.0.1:${sandbox.smtpPort}`]);
  });
});

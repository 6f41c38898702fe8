import { describe, expect, it } from 'vitest';
import type { SMTPServerSession } from 'smtp-server';
import { receivedHeader } from '../../../../electron/engine/sandbox/session-handlers.ts';

const session = (over: Partial<SMTPServerSession>) => ({ hostNameAppearsAs: 'client.test', remoteAddress: '127.0.0.1', transmissionType: 'ESMTPS', ...over }) as SMTPServerSession;
const AT = new Date('2030-02-03T04:05:06Z');

describe('receivedHeader', () => {
  it('writes an RFC 5321 §4.4 trace header with an RFC 5322 date', () => {
    expect(receivedHeader(session({}), 'sandbox.smtp-probe.test', 'ID1', AT)).toBe(
      'Received: from client.test ([127.0.0.1])\r\n\tby sandbox.smtp-probe.test (SMTP Probe sandbox) with ESMTPS id ID1;\r\n\tSun, 03 Feb 2030 04:05:06 +0000\r\n',
    );
  });

  it('keeps client-supplied text on its line: no spaces, controls or line breaks get through', () => {
    const header = receivedHeader(session({ hostNameAppearsAs: 'evil\r\nX-Injected: yes', transmissionType: '' }), 'h.test', 'ID', AT);
    expect(header.split('\r\n')).toHaveLength(4);
    expect(header).toMatch(/^Received: from evilX-Injected:yes \(\[127\.0\.0\.1\]\)\r\n/);
    expect(header).toContain('with SMTP id ID;');
  });

  it('says unknown when the client never introduced itself', () => {
    expect(receivedHeader(session({ hostNameAppearsAs: false as unknown as string }), 'h.test', 'ID', AT)).toMatch(/^Received: from unknown /);
  });
});

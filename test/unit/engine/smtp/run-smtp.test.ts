import { describe, expect, it } from 'vitest';
import type { SmtpReply } from '../../../../shared/evidence.ts';
import { parseQueueId, runSmtp } from '../../../../electron/engine/smtp/run-smtp.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { runOptions } from '../../../helpers/direct-connection.ts';

const reply = (text: string): SmtpReply => ({ code: 250, lines: [text], raw: [`250 ${text}`] });

describe('parseQueueId', () => {
  const table: Array<[string, string | undefined]> = [
    ['2.0.0 Ok: queued as 4BXYZ', '4BXYZ'],
    ['OK id=1abc-000123-AB', '1abc-000123-AB'],
    ['Ok: queued as 4XkLmn3Qz9z1x', '4XkLmn3Qz9z1x'],
    ['2.6.0 <id@host> [InternalId=12345678, Hostname=X] Queued mail for delivery', '12345678'],
    ['2.0.0 Message accepted for delivery', undefined],
    ['OK', undefined],
  ];
  for (const [text, id] of table) {
    it(`${JSON.stringify(text)} -> ${String(id)}`, () => expect(parseQueueId(reply(text))).toBe(id));
  }
});

describe('runSmtp input checks', () => {
  it('bad input returns EINVALID evidence without connecting and lists every problem in the transcript', async () => {
    const transcript = createTranscript();
    const ev = await runSmtp(runOptions({ host: 'mx.example.test', port: 70000, security: 'none', ehloName: 'bad name\r\n', transcript }));
    expect(ev.error?.code).toBe('EINVALID');
    expect(ev.connect).toBeUndefined();
    expect(ev.commands).toEqual([]);
    expect(transcript.events.filter((e) => e.dir === 'error')).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { built, payloadTranscript, replyViolations } from '../../../../electron/engine/smtp/client-outcomes.ts';
import { EngineInputError } from '../../../../electron/engine/smtp/command-line.ts';
import { SmtpEngineError } from '../../../../electron/engine/smtp/errors.ts';

describe('client-outcomes', () => {
  it('replyViolations names each oddity of a reply', () => {
    const kinds = replyViolations({ code: 250, lines: ['a'], raw: ['250 a'], bareLf: true, codeMismatch: true, enhanced: '5.0.0', enhancedMismatch: true }).map((v) => v.kind);
    expect(kinds).toEqual(['bare-lf', 'code-mismatch', 'enhanced-mismatch']);
    expect(replyViolations({ code: 250, lines: ['a'], raw: ['250 a'] })).toEqual([]);
  });

  it('payloadTranscript shows the stuffed lines without the terminator, capped', () => {
    const payload = Buffer.from('Subject: x\r\n\r\n..dot\r\n.\r\n');
    expect(payloadTranscript(payload)).toEqual([
      ['C', 'Subject: x'],
      ['C', ''],
      ['C', '..dot'],
    ]);
    const big = Buffer.from(`${'line\r\n'.repeat(300)}.\r\n`);
    const lines = payloadTranscript(big, 10);
    expect(lines).toHaveLength(11);
    expect(lines[10]?.[0]).toBe('info');
  });

  it('built turns input errors of the line builders into EINVALID engine errors', () => {
    expect(() =>
      built(() => {
        throw new EngineInputError('bad', 'from');
      }, 'mail'),
    ).toThrow(SmtpEngineError);
    expect(built(() => 'MAIL FROM:<>', 'mail')).toBe('MAIL FROM:<>');
  });
});

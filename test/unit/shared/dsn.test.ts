/** One NOTIFY rule (RFC 3461 §4.1): the check request schema, the engine's options check and the RCPT builder agree. */
import { describe, expect, it } from 'vitest';
import { buildRcptTo } from '../../../electron/engine/smtp/command-line.ts';
import { validateSmtpRunOptions } from '../../../electron/engine/smtp/run-options.ts';
import { createTranscript } from '../../../electron/engine/transcript.ts';
import { checkRequestSchema } from '../../../shared/check-request.ts';
import { type DsnNotify } from '../../../shared/dsn.ts';
import { runOptions } from '../../helpers/direct-connection.ts';

const CASES: Array<[DsnNotify[], boolean]> = [
  [['SUCCESS'], true],
  [['SUCCESS', 'FAILURE', 'DELAY'], true],
  [['NEVER'], true],
  [['NEVER', 'NEVER'], true],
  [['NEVER', 'SUCCESS'], false],
  [['ALWAYS' as DsnNotify], false],
];

describe('DSN NOTIFY values', () => {
  it.each(CASES)('%j: accepted=%s everywhere', (notify, ok) => {
    expect(checkRequestSchema.safeParse({ server: '127.0.0.1', security: 'none', ehloName: 'c.test', dsnNotify: notify }).success).toBe(ok);
    const errors = validateSmtpRunOptions(runOptions({ host: '127.0.0.1', port: 25, security: 'none', ehloName: 'c.test', from: 'a@b.test', to: ['c@d.test'], dsnNotify: notify, transcript: createTranscript() }));
    expect(errors.length === 0).toBe(ok);
    let built = true;
    try {
      buildRcptTo('c@d.test', { notify });
    } catch {
      built = false;
    }
    expect(built).toBe(ok);
  });
});

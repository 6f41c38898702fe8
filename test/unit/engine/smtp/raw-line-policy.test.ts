/**
 * What the console shows of a raw line it refuses: an AUTH line with its secret parts redacted
 * whatever separates its words; other refused lines as typed; lines it may send pass.
 */
import { describe, expect, it } from 'vitest';
import { refuseRawLine } from '../../../../electron/engine/smtp/raw-line-policy.ts';
import { redactAuthCommand, redactAuthResponse } from '../../../../electron/engine/smtp/redact.ts';

const BLOB = Buffer.from('\0u\0Canary-9f3e-Canary-9f3e').toString('base64');

describe('refuseRawLine', () => {
  it.each([
    [`AUTH\tPLAIN ${BLOB}`, redactAuthCommand(`AUTH PLAIN ${BLOB}`)],
    [` auth plain\t${BLOB}`, redactAuthCommand(`auth plain ${BLOB}`)],
    [`AUTH:PLAIN ${BLOB}`, redactAuthCommand(`AUTH PLAIN ${BLOB}`)],
    [`AUTH ${BLOB}`, `AUTH ${redactAuthResponse(BLOB)}`],
    ['AUTH Canary-9f3e-Canary-9f3e x', `AUTH ${redactAuthResponse('Canary-9f3e-Canary-9f3e x')}`],
    ['AUTH\tLOGIN', 'AUTH LOGIN'],
    [' AUTH', 'AUTH'],
  ])('shows %j as %j', (line, shown) => {
    expect(refuseRawLine(line)).toMatchObject({ needs: 'AUTH', shown });
    expect(shown).not.toContain(BLOB);
  });

  it('names the verb typed and the command to use instead', () => {
    expect(refuseRawLine('\tbdat 5 LAST')).toMatchObject({ needs: 'DATA', shown: '\tbdat 5 LAST', message: expect.stringMatching(/^BDAT cannot be sent as a raw line: use the DATA editor/) });
    expect(refuseRawLine(' starttls')?.message).toMatch(/^STARTTLS cannot be sent as a raw line: use the STARTTLS button/);
    expect(['NOOP', ' mail from:<a@b.test>', 'XAUTH PLAIN x', 'STARTTLSX'].map(refuseRawLine)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import { SmtpEngineError, engineError, fromSocketError, nodeErrorCode } from '../../../../electron/engine/smtp/errors.ts';

const sysErr = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:25`), { code });

describe('fromSocketError', () => {
  const table: Array<[string, string, string]> = [
    ['ECONNREFUSED', 'ECONNREFUSED', 'connect'],
    ['EHOSTUNREACH', 'EHOSTUNREACH', 'connect'],
    ['ENETUNREACH', 'EHOSTUNREACH', 'connect'],
    ['ETIMEDOUT', 'ETIMEDOUT', 'connect'],
    ['ECONNRESET', 'ECONNRESET', 'connect'],
    ['EPIPE', 'ECONNRESET', 'connect'],
    ['ENOTFOUND', 'EDNS', 'dns'],
    ['EAI_AGAIN', 'EDNS', 'dns'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'ETLS', 'connect'],
    ['CERT_HAS_EXPIRED', 'ETLS', 'connect'],
    ['EWHATEVER', 'EPROTO', 'connect'],
  ];
  for (const [nodeCode, code, phase] of table) {
    it(`${nodeCode} -> ${code} (${phase}), Node code kept as cause`, () => {
      const e = fromSocketError(sysErr(nodeCode), 'connect');
      expect(e.detail).toMatchObject({ code, phase, cause: nodeCode });
    });
  }

  it('takes the code of the last attempt of an AggregateError (autoSelectFamily)', () => {
    const agg = new AggregateError([sysErr('ECONNREFUSED'), sysErr('ENETUNREACH')], 'all failed');
    expect(nodeErrorCode(agg)).toBe('ENETUNREACH');
    expect(fromSocketError(agg, 'connect').code).toBe('EHOSTUNREACH');
  });

  it('passes an SmtpEngineError through unchanged', () => {
    const e = engineError('EABORTED', 'greeting', 'cancelled');
    expect(fromSocketError(e, 'connect')).toBe(e);
  });

  it('SmtpEngineError serialises to the plain EngineError', () => {
    const e = engineError('ETLS', 'starttls', 'bad cert', { cause: 'CERT_HAS_EXPIRED', command: 'STARTTLS' });
    expect(e).toBeInstanceOf(SmtpEngineError);
    expect(e).toBeInstanceOf(Error);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'ETLS', phase: 'starttls', message: 'bad cert', cause: 'CERT_HAS_EXPIRED', command: 'STARTTLS' });
  });
});

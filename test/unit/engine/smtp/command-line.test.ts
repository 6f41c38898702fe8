import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertSingleLine,
  buildEhlo,
  buildExpn,
  buildHelo,
  buildHelp,
  buildMailFrom,
  buildRcptTo,
  buildVrfy,
  checkRawCommand,
  encodeXtext,
  EngineInputError,
} from '../../../../electron/engine/smtp/command-line.ts';

/** The error a call throws, asserted to be an EngineInputError. */
function inputError(fn: () => unknown): EngineInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineInputError);
    return error as EngineInputError;
  }
  throw new Error('no EngineInputError thrown');
}

describe('assertSingleLine', () => {
  it('passes single lines and refuses CR, LF and NUL with the field name', () => {
    expect(() => assertSingleLine('hello world\t!', 'subject')).not.toThrow();
    for (const bad of ['a\rb', 'a\nb', 'a\r\nb', 'a\0b']) {
      const error = inputError(() => assertSingleLine(bad, 'subject'));
      expect(error).toMatchObject({ code: 'EINVALID', field: 'subject' });
    }
  });
});

describe('buildMailFrom (RFC 5321 §4.1.1.2)', () => {
  it.each<[string, Parameters<typeof buildMailFrom>[1], string]>([
    ['a@b.test', undefined, 'MAIL FROM:<a@b.test>'],
    ['', undefined, 'MAIL FROM:<>'],
    ['a@b.test', { size: 123, body8bitmime: true }, 'MAIL FROM:<a@b.test> SIZE=123 BODY=8BITMIME'],
    ['a@bücher.example', { size: 0 }, 'MAIL FROM:<a@xn--bcher-kva.example> SIZE=0'],
    ['用户@例子.测试', { smtputf8: true }, 'MAIL FROM:<用户@xn--fsqu00a.xn--0zwm56d> SMTPUTF8'],
    ['a@b.test', { ret: 'HDRS', envid: 'id+1=x y' }, 'MAIL FROM:<a@b.test> RET=HDRS ENVID=id+2B1+3Dx+20y'],
  ])('%j %j -> %j', (address, params, expected) => {
    expect(buildMailFrom(address, params)).toBe(expected);
  });

  it.each<[string, Parameters<typeof buildMailFrom>[1], string]>([
    ['a@b.test\r\nRCPT TO:<x@y.test>', undefined, 'from'],
    ['John <a@b.test>', undefined, 'from'],
    ['Postmaster', undefined, 'from'],
    ['用户@例子.测试', undefined, 'from'],
    ['a@b.test', { size: -1 }, 'size'],
    ['a@b.test', { size: 1.5 }, 'size'],
    ['a@b.test', { size: Number.NaN }, 'size'],
    // reliability C.35: SIZE "100\r\nRCPT TO:<attacker@evil.test>" must not reach the wire.
    ['a@b.test', { size: '100\r\nRCPT TO:<attacker@evil.test>' as unknown as number }, 'size'],
    ['a@b.test', { envid: 'x\r\nRSET' }, 'envid'],
    ['a@b.test', { envid: 'x'.repeat(101) }, 'envid'],
    ['a@b.test', { ret: 'ALL' as 'FULL' }, 'ret'],
  ])('rejects %j %j (field %s)', (address, params, field) => {
    expect(inputError(() => buildMailFrom(address, params)).field).toBe(field);
  });
});

describe('buildRcptTo (RFC 5321 §4.1.1.3, RFC 3461)', () => {
  it.each<[string, Parameters<typeof buildRcptTo>[1], string]>([
    ['a@bücher.example', undefined, 'RCPT TO:<a@xn--bcher-kva.example>'],
    ['Postmaster', undefined, 'RCPT TO:<Postmaster>'],
    ['a@b.test', { notify: ['SUCCESS', 'FAILURE', 'SUCCESS'] }, 'RCPT TO:<a@b.test> NOTIFY=SUCCESS,FAILURE'],
    ['a@b.test', { notify: ['NEVER'] }, 'RCPT TO:<a@b.test> NOTIFY=NEVER'],
    ['用户@例子.测试', { smtputf8: true }, 'RCPT TO:<用户@xn--fsqu00a.xn--0zwm56d>'],
  ])('%j %j -> %j', (address, params, expected) => {
    expect(buildRcptTo(address, params)).toBe(expected);
  });

  it.each<[string, Parameters<typeof buildRcptTo>[1], string]>([
    ['', undefined, 'to'],
    ['a@x.test>\r\nRCPT TO:<v@y.test>', undefined, 'to'],
    ['用户@例子.测试', undefined, 'to'],
    ['a@b.test', { notify: [] }, 'notify'],
    ['a@b.test', { notify: ['NEVER', 'DELAY'] }, 'notify'],
    ['a@b.test', { notify: ['SOMETIMES' as 'NEVER'] }, 'notify'],
  ])('rejects %j %j (field %s)', (address, params, field) => {
    expect(inputError(() => buildRcptTo(address, params)).field).toBe(field);
  });
});

describe('EHLO, HELO, VRFY, EXPN, HELP', () => {
  it('builds the lines', () => {
    expect(buildEhlo('client.example.test')).toBe('EHLO client.example.test');
    expect(buildEhlo('[192.0.2.1]')).toBe('EHLO [192.0.2.1]');
    expect(buildHelo('bücher.example')).toBe('HELO xn--bcher-kva.example');
    expect(buildVrfy('postmaster')).toBe('VRFY postmaster');
    expect(buildExpn('staff')).toBe('EXPN staff');
    expect(buildHelp()).toBe('HELP');
    expect(buildHelp('')).toBe('HELP');
    expect(buildHelp('MAIL')).toBe('HELP MAIL');
  });

  it('refuses injected commands and bad names (reliability B.30)', () => {
    expect(inputError(() => buildEhlo('a\r\nRSET')).field).toBe('ehlo');
    expect(inputError(() => buildHelo('localhost')).field).toBe('ehlo');
    expect(inputError(() => buildVrfy('x\r\nDATA')).field).toBe('vrfy');
    expect(inputError(() => buildVrfy('  ')).field).toBe('vrfy');
    expect(inputError(() => buildExpn('a\0')).field).toBe('expn');
    expect(inputError(() => buildHelp('a\nb')).field).toBe('help');
    expect(inputError(() => buildVrfy('x'.repeat(600))).field).toBe('raw');
  });
});

describe('checkRawCommand', () => {
  it('returns a valid line unchanged', () => {
    expect(checkRawCommand('XCLIENT ADDR=192.0.2.1')).toBe('XCLIENT ADDR=192.0.2.1');
    expect(checkRawCommand('x'.repeat(510))).toHaveLength(510);
  });

  it.each(['', '   ', 'NOOP\r\n', 'NOOP\nRSET', 'NO\rOP', 'NOOP\0', 'x'.repeat(511), 'é'.repeat(256)])('refuses %j', (line) => {
    expect(inputError(() => checkRawCommand(line)).field).toBe('raw');
  });
});

describe('encodeXtext (RFC 3461 §4)', () => {
  it('escapes "+", "=", controls, space and non-ASCII', () => {
    expect(encodeXtext('a+b=c d\x01é')).toBe('a+2Bb+3Dc+20d+01+C3+A9');
  });
});

describe('properties: nothing we build contains CR, LF or NUL', () => {
  it('for any input, every builder either throws EngineInputError or returns a single line', () => {
    const unit = fc.constantFrom(...'ab@.-<>\r\n\0 :"[]xé'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 20 }), (s) => {
        for (const build of [
          () => buildMailFrom(s),
          () => buildRcptTo(s),
          () => buildEhlo(s),
          () => buildVrfy(s),
          () => checkRawCommand(s),
          () => buildMailFrom('a@b.test', { envid: s }),
        ]) {
          try {
            const line = build();
            expect(line).not.toMatch(/[\r\n\0]/);
          } catch (error) {
            expect(error).toBeInstanceOf(EngineInputError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest, hostAllowed, newToken, originAllowed, tokenCookieName, tokensEqual } from '../../../electron/serve/request-guard.ts';

const port = 4321;
const token = 'A'.repeat(43);

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('request guard', () => {
  it('makes a fresh 32-byte token per call', () => {
    const a = newToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(a);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token.slice(1), token)).toBe(false);
    expect(tokensEqual(`${token}A`, token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
  });

  it.each([
    ['127.0.0.1:4321', true],
    ['localhost:4321', true],
    ['LOCALHOST:4321', true],
    ['127.0.0.1', false],
    ['127.0.0.1:4322', false],
    ['evil.test:4321', false],
    ['127.0.0.1.evil.test:4321', false],
    ['[::1]:4321', false],
  ])('Host %s allowed: %s', (host, allowed) => {
    expect(hostAllowed(host, port)).toBe(allowed);
  });

  it.each([
    ['http://127.0.0.1:4321', '127.0.0.1:4321', true],
    ['http://localhost:4321', 'localhost:4321', true],
    ['http://localhost:4321', '127.0.0.1:4321', false],
    ['https://127.0.0.1:4321', '127.0.0.1:4321', false],
    ['http://evil.test', '127.0.0.1:4321', false],
    ['null', '127.0.0.1:4321', false],
    [undefined, '127.0.0.1:4321', false],
  ])('Origin %s for Host %s allowed: %s', (origin, host, allowed) => {
    expect(originAllowed(origin, host, port)).toBe(allowed);
  });

  it('accepts the token from the query or from this port\'s cookie', () => {
    const ctx = { port, token };
    const host = { host: `127.0.0.1:${port}` };
    expect(checkRequest(req(host), new URL(`http://x/?token=${token}`), ctx, false)).toEqual({ ok: true, tokenFromQuery: true });
    expect(checkRequest(req({ ...host, cookie: `a=b; ${tokenCookieName(port)}=${token}` }), new URL('http://x/app.js'), ctx, false)).toEqual({ ok: true, tokenFromQuery: false });
    expect(checkRequest(req({ ...host, cookie: `${tokenCookieName(port + 1)}=${token}` }), new URL('http://x/app.js'), ctx, false)).toMatchObject({ ok: false });
    expect(checkRequest(req(host), new URL('http://x/?token=wrong'), ctx, false)).toEqual({ ok: false, reason: 'missing or wrong token' });
    expect(checkRequest(req(host), new URL('http://x/'), ctx, false)).toEqual({ ok: false, reason: 'missing or wrong token' });
  });

  it('checks Host before the token, and Origin only when asked', () => {
    const ctx = { port, token };
    const url = new URL(`http://x/api?token=${token}`);
    expect(checkRequest(req({ host: 'evil.test' }), url, ctx, false)).toEqual({ ok: false, reason: 'wrong Host header' });
    expect(checkRequest(req({ host: `127.0.0.1:${port}` }), url, ctx, true)).toEqual({ ok: false, reason: 'foreign or missing Origin' });
    expect(checkRequest(req({ host: `127.0.0.1:${port}`, origin: 'http://evil.test' }), url, ctx, true)).toEqual({ ok: false, reason: 'foreign or missing Origin' });
    expect(checkRequest(req({ host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` }), url, ctx, true)).toEqual({ ok: true, tokenFromQuery: true });
  });
});

import { describe, expect, it } from 'vitest';
import { devServerOrigin, originOf, trustedOrigins } from '../../../electron/main/trusted-origin.ts';

describe('originOf', () => {
  it('gives app://bundle for our scheme (Node reports "null" for unknown schemes)', () => {
    expect(originOf('app://bundle/index.html#/x')).toBe('app://bundle');
    expect(originOf('https://example.com:8443/a')).toBe('https://example.com:8443');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('nonsense')).toBeNull();
  });
});

describe('devServerOrigin', () => {
  it('is null when packaged, unset, not http(s) or not on loopback', () => {
    expect(devServerOrigin(true, 'http://localhost:5173')).toBeNull();
    expect(devServerOrigin(false, undefined)).toBeNull();
    expect(devServerOrigin(false, 'file:///tmp/index.html')).toBeNull();
    expect(devServerOrigin(false, 'http://192.168.1.5:5173')).toBeNull();
    expect(devServerOrigin(false, 'http://localhost.evil.test:5173')).toBeNull();
  });

  it('is the origin of a loopback dev server in development', () => {
    expect(devServerOrigin(false, 'http://localhost:5173/')).toBe('http://localhost:5173');
    expect(devServerOrigin(false, 'http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(trustedOrigins('http://127.0.0.1:5173')).toEqual(new Set(['app://bundle', 'http://127.0.0.1:5173']));
    expect(trustedOrigins(null)).toEqual(new Set(['app://bundle']));
  });
});

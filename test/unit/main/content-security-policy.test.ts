import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, withCspHeader } from '../../../electron/main/content-security-policy.ts';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('contentSecurityPolicy (reliability A.3)', () => {
  it('is strict in production: no eval, scripts only from the bundle, no connections', () => {
    const policy = contentSecurityPolicy();
    const d = directives(policy);
    expect(policy).not.toContain('unsafe-eval');
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    // PrimeVue injects <style> elements at runtime; only styles are relaxed, never scripts.
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('adds only the dev server (and its HMR socket) in development, still without eval', () => {
    const policy = contentSecurityPolicy('http://localhost:5173');
    expect(policy).not.toContain('unsafe-eval');
    expect(directives(policy).get('script-src')).toEqual(["'self'", 'http://localhost:5173']);
    expect(directives(policy).get('connect-src')).toContain('ws://localhost:5173');
  });
});

describe('withCspHeader', () => {
  it('replaces any policy the server sent, whatever the header case, and keeps other headers', () => {
    const out = withCspHeader({ 'content-security-policy': ["script-src 'unsafe-eval'"], 'Content-Type': ['text/html'] }, "default-src 'none'");
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] });
  });

  it('adds the policy when there were no headers', () => {
    expect(withCspHeader(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

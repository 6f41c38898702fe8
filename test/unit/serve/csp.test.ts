import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/main/content-security-policy.ts';
import { browserModeCsp } from '../../../electron/serve/csp.ts';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name = '', ...values] = d.split(/\s+/);
    return [name, values.join(' ')];
  }));
}

describe('browser mode CSP', () => {
  it('is the desktop policy except that connect-src allows its own WebSocket', () => {
    const desktop = directives(contentSecurityPolicy());
    const browser = directives(browserModeCsp(4321));
    expect([...browser.keys()].sort()).toEqual([...desktop.keys()].sort());
    for (const [name, value] of desktop) {
      if (name === 'connect-src') continue;
      expect(browser.get(name), name).toBe(value);
    }
    expect(browser.get('connect-src')).toBe("'self' ws://127.0.0.1:4321 ws://localhost:4321");
  });

  it('never allows eval', () => {
    expect(browserModeCsp(1)).not.toContain('unsafe-eval');
  });
});

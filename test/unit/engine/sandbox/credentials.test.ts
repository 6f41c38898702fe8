import { describe, expect, it } from 'vitest';
import { generateCredentials, parseState, secretEquals } from '../../../../electron/engine/sandbox/credentials.ts';

describe('sandbox credentials', () => {
  it('generates a user and a long random password, different each time', () => {
    const a = generateCredentials();
    const b = generateCredentials();
    expect(a.user).toMatch(/^probe-[0-9a-f]{6}$/);
    expect(a.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a.password).not.toBe(b.password);
  });

  it('reads back what it generates', () => {
    const state = generateCredentials();
    expect(parseState(JSON.stringify(state))).toEqual({ state });
  });

  it.each([
    ['{', /not valid JSON/],
    ['{"version":2,"user":"u","password":"pppppppppppppppp","createdAt":"x"}', /valid credentials/],
    ['{"version":1,"user":"u ser","password":"pppppppppppppppp","createdAt":"x"}', /valid credentials/],
    ['{"version":1,"user":"u","password":"short","createdAt":"x"}', /valid credentials/],
    [`"${'x'.repeat(20_000)}"`, /larger than/],
  ])('gives a reason for unusable state %#', (text, problem) => {
    const result = parseState(text);
    expect(result.state).toBeUndefined();
    expect(result.problem).toMatch(problem);
  });

  it('compares secrets exactly, whatever their lengths', () => {
    expect(secretEquals('abc', 'abc')).toBe(true);
    expect(secretEquals('abc', 'abd')).toBe(false);
    expect(secretEquals('abc', 'abcd')).toBe(false);
    expect(secretEquals('', '')).toBe(true);
  });
});

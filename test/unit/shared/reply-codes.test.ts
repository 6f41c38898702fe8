import { describe, expect, it } from 'vitest';
import { REPLY_CATEGORIES, REPLY_CLASSES, REPLY_CODES, RFC5321_REPLY_CODES } from '../../../shared/reply-codes.ts';

describe('reply code tables', () => {
  it('explains every basic reply code of RFC 5321 §4.2.3', () => {
    for (const code of RFC5321_REPLY_CODES) {
      const info = REPLY_CODES[code];
      expect(info, String(code)).toBeDefined();
      expect(info?.title.trim()).not.toBe('');
      expect(info?.meaning.trim()).not.toBe('');
    }
  });

  it('explains the AUTH and STARTTLS codes admins meet', () => {
    for (const code of [235, 334, 432, 454, 530, 534, 535, 538]) expect(REPLY_CODES[code], String(code)).toBeDefined();
  });

  it('gives every failure code likely causes and actions', () => {
    for (const [code, info] of Object.entries(REPLY_CODES)) {
      if (Number(code) < 400) continue;
      expect(info.causes.length, `${code} causes`).toBeGreaterThan(0);
      expect(info.actions.length, `${code} actions`).toBeGreaterThan(0);
    }
  });

  it('explains every reply class and category', () => {
    expect(Object.keys(REPLY_CLASSES)).toEqual(['2', '3', '4', '5']);
    expect(Object.keys(REPLY_CATEGORIES)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(REPLY_CLASSES['4'].meaning).toMatch(/Temporary/);
    expect(REPLY_CLASSES['5'].meaning).toMatch(/Permanent/);
  });
});

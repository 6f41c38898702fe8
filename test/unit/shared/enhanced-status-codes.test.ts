import { describe, expect, it } from 'vitest';
import { ENHANCED_CLASSES, ENHANCED_DETAILS, ENHANCED_SUBJECTS, lookupEnhancedCode, parseEnhancedCode } from '../../../shared/enhanced-status-codes.ts';

describe('enhanced status code registry', () => {
  it('gives every class, subject and detail a title and a description', () => {
    for (const table of [ENHANCED_CLASSES, ENHANCED_SUBJECTS, ENHANCED_DETAILS] as Record<string, { title: string; description: string; source: string }>[]) {
      for (const [code, info] of Object.entries(table)) {
        expect(info.title.trim(), code).not.toBe('');
        expect(info.description.trim(), code).not.toBe('');
        expect(info.source, code).toMatch(/RFC|IANA/);
      }
    }
  });

  it('has the classes 2, 4, 5 and the subjects X.0 to X.7', () => {
    expect(Object.keys(ENHANCED_CLASSES).sort()).toEqual(['2', '4', '5']);
    expect(Object.keys(ENHANCED_SUBJECTS)).toEqual(['X.0', 'X.1', 'X.2', 'X.3', 'X.4', 'X.5', 'X.6', 'X.7']);
  });

  it('has every detail of the registry without gaps', () => {
    // Highest detail per subject in the IANA registry.
    const highest: Record<string, number> = { '0': 0, '1': 10, '2': 4, '3': 6, '4': 7, '5': 6, '6': 10, '7': 30 };
    for (const [subject, max] of Object.entries(highest)) {
      for (let detail = 0; detail <= max; detail++) expect(ENHANCED_DETAILS[`X.${subject}.${detail}`], `X.${subject}.${detail}`).toBeDefined();
    }
    expect(Object.keys(ENHANCED_DETAILS)).toHaveLength(Object.values(highest).reduce((sum, n) => sum + n + 1, 0));
  });

  it('includes the AUTH codes of RFC 4954', () => {
    expect(ENHANCED_DETAILS['X.7.8']?.title).toBe('Authentication credentials invalid');
    expect(ENHANCED_DETAILS['X.7.9']?.title).toBe('Authentication mechanism is too weak');
    expect(ENHANCED_DETAILS['X.7.11']?.title).toMatch(/Encryption required/);
    expect(ENHANCED_DETAILS['X.7.12']?.title).toMatch(/password transition/i);
    expect(ENHANCED_DETAILS['X.5.6']?.source).toBe('RFC 4954');
  });

  it('parses RFC 3463 syntax: 1-3 digits per part', () => {
    expect(parseEnhancedCode('5.7.1')).toMatchObject({ class: '5', subject: '7', detail: '1', code: '5.7.1', validClass: true });
    expect(parseEnhancedCode('5.1.10')?.code).toBe('5.1.10');
    expect(parseEnhancedCode('9.9.9')?.validClass).toBe(false);
    expect(parseEnhancedCode('5.7')).toBeNull();
    expect(parseEnhancedCode('5.7.1234')).toBeNull();
    expect(parseEnhancedCode('a.b.c')).toBeNull();
  });

  it('looks up the three parts', () => {
    const r = lookupEnhancedCode('5.7.1');
    expect(r.class?.title).toBe('Permanent failure');
    expect(r.subject?.title).toBe('Security or policy status');
    expect(r.detail?.title).toBe('Delivery not authorized, message refused');
    expect(lookupEnhancedCode('4.9.99')).toEqual({ class: ENHANCED_CLASSES['4'] });
  });
});

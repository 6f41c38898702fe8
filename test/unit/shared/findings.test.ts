import { describe, expect, it } from 'vitest';
import { FINDING_CODES, FINDING_CODE_LIST } from '../../../shared/finding-codes.ts';
import { FINDINGS_CATALOG, KNOWN_WORDING, fillTemplate, findingsFor, hintFor, makeFinding, type FindingText } from '../../../shared/findings.ts';

describe('findings catalog', () => {
  it('has a non-empty title, message and hint for every finding code', () => {
    for (const code of FINDING_CODE_LIST) {
      const text: FindingText | undefined = FINDINGS_CATALOG[code];
      expect(text, code).toBeDefined();
      expect(text.title.trim(), `${code} title`).not.toBe('');
      expect(text.message.trim(), `${code} message`).not.toBe('');
      expect(text.hint.trim(), `${code} hint`).not.toBe('');
      for (const [name, variant] of Object.entries(text.variants ?? {})) expect(variant.trim(), `${code} variant ${name}`).not.toBe('');
    }
  });

  it('has no entry for a code the table does not know', () => {
    expect(Object.keys(FINDINGS_CATALOG).sort()).toEqual([...FINDING_CODE_LIST].sort());
  });

  it('tells the admin that networks block outbound port 25 when a connection times out', () => {
    const hint = FINDINGS_CATALOG['connect.timeout'].hint;
    expect(hint).toMatch(/port 25/);
    expect(hint).toMatch(/587/);
    expect(hint).toMatch(/465/);
  });

  it('writes hints as sentences (capital letter, final period), but for the receiver\'s own fix steps', () => {
    // The codes made only from a receiver's wording end their hint with its fix steps (a cmdlet may end those).
    for (const code of FINDING_CODE_LIST) {
      const hint = FINDINGS_CATALOG[code].hint;
      if (hint.endsWith(KNOWN_WORDING.hint)) expect(hint, code).toMatch(/^([A-Z].*[.)] )?\{fix\}$/s);
      else expect(hint, code).toMatch(/^[A-Z].*[.)]$/s);
    }
  });
});

describe('fillTemplate', () => {
  it('fills placeholders and renders numbers', () => {
    expect(fillTemplate('{host} port {port}', { host: 'mx.example.net', port: 25 })).toBe('mx.example.net port 25');
  });
  it('never leaks a brace when a value is missing', () => {
    expect(fillTemplate('address {address}.', {})).toBe('address (unknown).');
  });
  it('leaves text without placeholders alone, including braces in values', () => {
    expect(fillTemplate('{text}', { text: '550 {weird} reply' })).toBe('550 {weird} reply');
  });
});

describe('makeFinding', () => {
  it('takes step and severity from the code table unless told otherwise', () => {
    const f = makeFinding('timeout', { phase: 'the RCPT TO command', elapsed: '5.0 s' });
    expect(f).toMatchObject({ code: 'timeout', step: FINDING_CODES.timeout.step, severity: 'error' });
    expect(f.message).toBe('No complete reply during the RCPT TO command within 5.0 s.');
    const g = makeFinding('timeout', { phase: 'x', elapsed: '1 s' }, { step: 'rcpt', severity: 'warning', evidence: 'raw' });
    expect(g).toMatchObject({ step: 'rcpt', severity: 'warning', evidence: 'raw' });
  });
  it('uses a variant message when asked', () => {
    expect(makeFinding('dns.no-mx', { domain: 'example.net' }, { variant: 'none' }).message).toContain('neither an MX record nor an address record');
  });
  it('refuses a variant that does not exist', () => {
    expect(() => makeFinding('dns.no-mx', {}, { variant: 'nope' })).toThrow(/no variant/);
  });
  it('leaves evidence out when there is none', () => {
    expect('evidence' in makeFinding('dns.null-mx', { domain: 'a.example' })).toBe(false);
  });
});

describe('variant hints', () => {
  it('uses the variant hint when the variant has one, the default hint otherwise', () => {
    expect(makeFinding('client.public-ip', { address: '127.0.0.1' }, { variant: 'private' }).hint).toBe(FINDINGS_CATALOG['client.public-ip'].variantHints.private);
    expect(makeFinding('client.public-ip', { address: '1.2.3.4', source: 'x', seen: '5.6.7.8' }, { variant: 'differs' }).hint).toBe(FINDINGS_CATALOG['client.public-ip'].hint);
  });
  it('has no variant hint without a matching variant', () => {
    for (const code of FINDING_CODE_LIST) {
      const text: FindingText = FINDINGS_CATALOG[code];
      for (const name of Object.keys(text.variantHints ?? {})) expect(text.variants?.[name], `${code} ${name}`).toBeDefined();
    }
  });
});

describe('hints per host', () => {
  const NAMES_FLAG = /(?:^|[\s(])--?[a-z0-9]/i;
  const hintPairs = (text: FindingText): Array<[string, string, string | undefined]> => [
    ['default', text.hint, text.uiHint],
    ...Object.entries(text.variantHints ?? {}).map(([name, hint]): [string, string, string | undefined] => [name, hint, text.variantUiHints?.[name]]),
  ];

  it('every hint that names a flag has an app form that names none', () => {
    for (const code of FINDING_CODE_LIST) {
      for (const [name, cli, ui] of hintPairs(FINDINGS_CATALOG[code])) {
        if (!NAMES_FLAG.test(cli)) continue;
        expect(ui, `${code} ${name}: app form`).toBeDefined();
        expect(ui, `${code} ${name}: app form`).not.toMatch(NAMES_FLAG);
      }
    }
  });

  it('an app form exists only next to a hint that names a flag, and only for a variant that has its own hint', () => {
    for (const code of FINDING_CODE_LIST) {
      const text: FindingText = FINDINGS_CATALOG[code];
      for (const [name, cli, ui] of hintPairs(text)) if (ui !== undefined) expect(cli, `${code} ${name}`).toMatch(NAMES_FLAG);
      for (const name of Object.keys(text.variantUiHints ?? {})) expect(text.variantHints?.[name], `${code} ${name}`).toBeDefined();
    }
  });

  it('makeFinding fills both forms; hintFor and findingsFor pick the host form', () => {
    const f = makeFinding('ehlo.name-mismatch', { name: 'x', address: '1.2.3.4', expected: 'y', suggested: 'mail.example' });
    expect(f.hint).toContain('--ehlo mail.example');
    expect(f.uiHint).toContain("profile's EHLO name to mail.example");
    expect(hintFor(f, 'cli')).toBe(f.hint);
    expect(hintFor(f, 'app')).toBe(f.uiHint);
    expect(findingsFor([f], 'app')).toEqual([{ code: f.code, severity: f.severity, step: f.step, message: f.message, hint: f.uiHint }]);
    expect(findingsFor([f], 'cli')[0]).not.toHaveProperty('uiHint');
    expect(findingsFor([f], 'cli')[0]?.hint).toBe(f.hint);
  });

  it('a variant with its own hint takes its own app form; one without takes the default forms', () => {
    const transition = makeFinding('auth.failed', { user: 'u', reply: '432' }, { variant: 'transition' });
    expect(transition.hint).toContain('--auth-mech PLAIN');
    expect(transition.uiHint).toContain("profile's Mechanism PLAIN");
    const disabled = makeFinding('auth.failed', { user: 'u', reply: '535' }, { variant: 'disabled' });
    expect(disabled.uiHint).toBeUndefined();
    const dns = makeFinding('connect.unreachable', { host: 'h', reason: 'r' }, { variant: 'dns' });
    expect(dns.uiHint).toContain("profile's DNS server field");
  });
});

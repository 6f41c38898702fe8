import { describe, expect, it } from 'vitest';
import { explainReply } from '../../../shared/explain.ts';

describe('explainReply', () => {
  const table = [
    { input: '550 5.7.1 Relaying denied', code: 550, enhanced: '5.7.1', cls: '5', detail: 'Delivery not authorized, message refused', known: true, cause: /[Rr]elaying denied/ },
    { input: '421 4.7.0 Try again later', code: 421, enhanced: '4.7.0', cls: '4', detail: 'Other or undefined security status', known: true, cause: /temporary policy block/ },
    { input: '250 2.0.0 Ok: queued as 4BXYZ', code: 250, enhanced: '2.0.0', cls: '2', detail: 'Other undefined status', known: true, cause: undefined },
    { input: '535 5.7.8', code: 535, enhanced: '5.7.8', cls: '5', detail: 'Authentication credentials invalid', known: true, cause: /[Ww]rong user name or password/ },
    { input: '5.1.1', code: undefined, enhanced: '5.1.1', cls: '5', detail: 'Bad destination mailbox address', known: true, cause: /misspelled/ },
    { input: '599 9.9.9', code: 599, enhanced: '9.9.9', cls: '5', detail: undefined, known: false, cause: /permanently/ },
  ];

  it.each(table)('$input', (row) => {
    const r = explainReply(row.input);
    expect(r.recognized).toBe(true);
    expect(r.code).toBe(row.code);
    expect(r.enhanced).toBe(row.enhanced);
    expect(r.classMeaning?.digit).toBe(row.cls);
    expect(r.enhancedMeaning?.detail?.title).toBe(row.detail);
    expect(r.enhancedMeaning?.known).toBe(row.known);
    if (row.cause) expect(r.likelyCauses.join(' ')).toMatch(row.cause);
    expect(r.summary.length).toBeGreaterThan(5);
  });

  it('explains a bare basic code', () => {
    const r = explainReply('550');
    expect(r.code).toBe(550);
    expect(r.enhanced).toBeUndefined();
    expect(r.codeMeaning?.known).toBe(true);
    expect(r.classMeaning?.title).toMatch(/Permanent/);
    expect(r.categoryMeaning?.digit).toBe('5');
    expect(r.whatToDo.length).toBeGreaterThan(0);
  });

  it('explains an unknown code by its first digit', () => {
    const r = explainReply('599 9.9.9');
    expect(r.codeMeaning).toMatchObject({ code: 599, known: false });
    expect(r.codeMeaning?.meaning).toMatch(/first digit/);
    expect(r.notes.join(' ')).toMatch(/class must be 2, 4 or 5/);
    expect(r.summary).toMatch(/unknown code.*permanent/i);
    const t = explainReply('471');
    expect(t.classMeaning?.title).toMatch(/Transient/);
    expect(t.whatToDo.join(' ')).toMatch(/Retry later/);
  });

  it('keeps the text and gives the queue reply a success class', () => {
    const r = explainReply('250 2.0.0 Ok: queued as 4BXYZ');
    expect(r.text).toBe('Ok: queued as 4BXYZ');
    expect(r.classMeaning?.meaning).toMatch(/worked/);
    expect(r.summary).toMatch(/^250 2\.0\.0/);
  });

  it('flags an enhanced class that disagrees with the reply code (reply code wins)', () => {
    const r = explainReply('250 5.0.0 ok');
    expect(r.classMeaning?.digit).toBe('2');
    expect(r.notes.join(' ')).toMatch(/disagrees/);
  });

  it('rejects a first digit outside 2..5', () => {
    const r = explainReply('600 x');
    expect(r.classMeaning).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/not a valid SMTP reply class/);
  });

  it('reads a multi-line reply as one', () => {
    const r = explainReply('550-5.7.1 Service unavailable\n550 5.7.1 Client host blocked');
    expect(r.code).toBe(550);
    expect(r.enhanced).toBe('5.7.1');
    expect(r.text).toBe('Service unavailable\nClient host blocked');
  });

  it('canonicalises leading zeros of an enhanced code', () => {
    expect(explainReply('5.07.001').enhanced).toBe('5.7.1');
  });

  it('says so when there is no code', () => {
    const r = explainReply('hello world');
    expect(r.recognized).toBe(false);
    expect(r.summary).toMatch(/No SMTP reply code/);
    expect(explainReply('').recognized).toBe(false);
  });
  it('puts the text-level explanation beside the code-level one when the text is a receiver\'s wording', () => {
    const r = explainReply('504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname');
    expect(r.receiver).toBe('Postfix');
    expect(r.knownReply).toBe('postfix-helo-not-fqdn');
    expect(r.cause).toMatch(/EHLO\/HELO/);
    expect(r.fix?.join(' ')).toMatch(/full name/);
    expect(r.link?.url).toBe('https://www.postfix.org/postconf.5.html#reject_non_fqdn_helo_hostname');
    expect(r.codeMeaning?.code).toBe(504);
    expect(r.whatToDo.length).toBeGreaterThan(0);
  });

  it('recognises a receiver\'s wording without a code, and leaves text-level fields out otherwise', () => {
    const r = explainReply('Relay access denied');
    expect(r.recognized).toBe(true);
    expect(r.receiver).toBe('Postfix');
    expect(r.summary).toMatch(/Postfix's own wording/);
    const plain = explainReply('550 5.7.1 Delivery not authorized');
    expect(plain.receiver).toBeUndefined();
    expect(plain.cause).toBeUndefined();
    expect(plain.blocklist).toBeUndefined();
  });

  it('names the blocklist of a blocklist rejection', () => {
    const r = explainReply('554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org');
    expect(r.receiver).toBe('Spamhaus');
    expect(r.blocklist?.lookup.url).toBe('https://check.spamhaus.org/');
  });
});

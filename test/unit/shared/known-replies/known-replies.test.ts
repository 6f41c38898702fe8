import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../../electron/cli/main.ts';
import { parseReplyInput } from '../../../../shared/explain.ts';
import { FINDING_CODES } from '../../../../shared/finding-codes.ts';
import { BLOCKLISTS, KNOWN_REPLIES, RECEIVERS, blocklistForZone, matchKnownReply, matchingEntries } from '../../../../shared/known-replies/index.ts';
import type { ReplyToMatch } from '../../../../shared/known-replies/index.ts';
import samples from '../../../fixtures/known-replies/samples.json' with { type: 'json' };
import nearMisses from '../../../fixtures/known-replies/near-misses.json' with { type: 'json' };

function toMatch(reply: string): ReplyToMatch {
  const parsed = parseReplyInput(reply);
  return { ...parsed, text: parsed.text ?? '' };
}

const ids = KNOWN_REPLIES.map((entry) => entry.id);

describe('known replies: every fixture through every entry', () => {
  it.each(samples)('$expect: $reply', (sample) => {
    expect(matchingEntries(toMatch(sample.reply)).map((e) => e.id)).toEqual([sample.expect]);
  });

  it.each(nearMisses)('near miss ($why): $reply', (miss) => {
    expect(matchingEntries(toMatch(miss.reply)).map((e) => e.id)).toEqual(miss.expect === null ? [] : [miss.expect]);
  });

  it('has a quoted sample with its source for every entry, and only samples of known entries', () => {
    const sampled = new Set(samples.map((s) => s.expect));
    expect(ids.filter((id) => !sampled.has(id))).toEqual([]);
    expect([...sampled].filter((id) => !ids.includes(id))).toEqual([]);
    for (const sample of samples) expect(sample.source.length).toBeGreaterThan(10);
  });
});

describe('known replies: the table', () => {
  it('has unique ids, declared receivers, https links and existing finding codes', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of KNOWN_REPLIES) {
      expect(RECEIVERS).toContain(entry.receiver);
      expect(entry.link.url).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      expect(entry.fix.length).toBeGreaterThan(0);
      if (entry.finding) expect(Object.keys(FINDING_CODES)).toContain(entry.finding);
      if (entry.listZone) expect(blocklistForZone(entry.listZone)).toBeDefined();
      // A placeholder in listZone must be a named group of the text, or the zone would stay unfilled.
      for (const [, name] of entry.listZone?.matchAll(/\{(\w+)\}/g) ?? []) expect(entry.text.source, entry.id).toContain(`(?<${name}>`);
    }
  });

  it('fills every placeholder of the cause and fix from the matched text', () => {
    for (const sample of samples) {
      const m = matchKnownReply(toMatch(sample.reply));
      expect(m?.entry.id).toBe(sample.expect);
      expect([m?.cause, ...(m?.fix ?? [])].join('\n')).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('known replies: blocklists', () => {
  const table = [
    { zone: 'zen.spamhaus.org', name: /ZEN/ },
    { zone: 'sbl.spamhaus.org', name: /SBL/ },
    { zone: 'pbl.spamhaus.org', name: /PBL/ },
    { zone: 'dbl.spamhaus.org', name: /DBL/ },
    { zone: 'abcdefghijklmnop.zen.dq.spamhaus.net', name: /ZEN/ },
    { zone: 'bl.spamcop.net', name: /SpamCop/ },
    { zone: 'b.barracudacentral.org', name: /Barracuda/ },
    { zone: 'dnsbl.sorbs.net', name: /SORBS/ },
    { zone: 'dnsbl-1.uceprotect.net', name: /UCEPROTECT/ },
    { zone: 'psbl.surriel.com', name: /PSBL/ },
    { zone: 'BL.SPAMCOP.NET.', name: /SpamCop/ },
  ];
  it.each(table)('$zone is $name', ({ zone, name }) => {
    expect(blocklistForZone(zone)?.name).toMatch(name);
  });

  it('does not take a look-alike zone for a known list', () => {
    expect(blocklistForZone('notspamhaus.org')).toBeUndefined();
    expect(blocklistForZone('dnsbl.example.net')).toBeUndefined();
  });

  it('names the list, its operator and the lookup and delist pages for a zone named in the text', () => {
    const m = matchKnownReply(toMatch('554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using b.barracudacentral.org'));
    expect(m?.receiver).toBe('Barracuda');
    expect(m?.entry.receiver).toBe('Postfix');
    expect(m?.values).toMatchObject({ zone: 'b.barracudacentral.org', what: '203.0.113.9' });
    expect(m?.link.url).toBe('https://www.barracudacentral.org/lookups');
    expect(m?.fix.join('\n')).toContain('https://www.barracudacentral.org/rbl/removal-request');
    expect(m?.fix.join('\n')).toContain('203.0.113.9');
  });

  it('keeps the MTA as receiver when the zone is unknown, without lookup steps', () => {
    const m = matchKnownReply(toMatch('554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using dnsbl.example.net'));
    expect(m?.receiver).toBe('Postfix');
    expect(m?.list).toBeUndefined();
    expect(m?.cause).toContain('dnsbl.example.net');
  });

  it('maps a list named without its zone (Exchange Online, Yahoo) to the list', () => {
    expect(matchKnownReply(toMatch('553 5.7.1 [BL21] Connections will not be accepted from 203.0.113.9, because the ip is in Spamhaus\'s list; see https://postmaster.yahooinc.com/error-codes'))?.list?.operator).toBe('Spamhaus');
  });

  it('maps a list the text names by its short name (iCloud, Yahoo) to that list, with its own remedy', () => {
    const cases = [
      { reply: '550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1', list: 'spamhaus-sbl', remedy: /hosting provider/ },
      { reply: '550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus PBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1', list: 'spamhaus-pbl', remedy: /smarthost/ },
      { reply: '553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see http://postmaster.yahoo.com/errors/550-bl23.html [550]', list: 'spamhaus-xbl', remedy: /infected machine/ },
    ];
    for (const { reply, list, remedy } of cases) {
      const m = matchKnownReply(toMatch(reply));
      expect(m?.list?.id, reply).toBe(list);
      expect(m?.receiver).toBe('Spamhaus');
      expect(m?.fix.join('\n')).toMatch(remedy);
      expect(m?.cause).toContain(m?.list?.name);
    }
    // The IP is only in the older form's prefix; without it the lookup step says so instead of inventing one.
    expect(matchKnownReply(toMatch('553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL;'))?.fix.join('\n')).toContain('Look up the listed address on Spamhaus XBL');
    expect(matchKnownReply(toMatch('553 Mail from 192.0.2.2 not allowed - 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL;'))?.fix.join('\n')).toContain('Look up 192.0.2.2 on Spamhaus XBL');
  });

  it('a domain listing (Outlook.com S8001/S8002) says which domain, and that the fix is the domain, not the IP', () => {
    const m = matchKnownReply(toMatch('550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To request removal from this list see https://www.spamhaus.org/query/lookup/ (S8002)'));
    expect(m?.entry.id).toBe('outlook-spamhaus-domain-listed');
    expect(m?.list?.id).toBe('spamhaus-dbl');
    expect(m?.cause).toMatch(/the reply names which, "MailFrom"/);
    expect(m?.cause).toMatch(/another IP or relay does not help/);
    expect(m?.fix.join('\n')).toContain('Look up the listed domain on Spamhaus DBL');
  });

  it('every list has https lookup and delist pages', () => {
    for (const list of BLOCKLISTS) {
      expect(list.lookup.url).toMatch(/^https:\/\//);
      expect(list.delist.url).toMatch(/^https:\/\//);
    }
  });
});

describe('known replies: values from the text', () => {
  it('fills the banned IP and the DMARC domain', () => {
    expect(matchKnownReply(toMatch('550 5.7.606 Access denied, banned sending IP [192.0.2.7]. To request removal from this list please visit https://sender.office.com/'))?.cause).toContain('192.0.2.7');
    const dmarc = matchKnownReply(toMatch('550-5.7.26 Unauthenticated email from contoso.example is not accepted due to\n550 5.7.26 domain\'s DMARC policy.'));
    expect(dmarc?.values.domain).toBe('contoso.example');
    expect(dmarc?.fix.join(' ')).toContain('contoso.example');
  });

  it('does not match wording that arrives with a reply code it never comes with', () => {
    expect(matchKnownReply({ code: 250, text: 'Username and Password not accepted.' })).toBeUndefined();
    expect(matchKnownReply({ text: 'Username and Password not accepted.' })?.entry.id).toBe('gmail-bad-credentials');
  });
});

describe('known replies: words the app shows as they are', () => {
  // The cause and fix reach the desktop's finding cards and explain dialog unchanged (no app form):
  // they must not send the user to a flag of `smtp-probe check`, which the app has no place for.
  const check = buildProgram({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), colorDefault: false }, () => undefined).commands.find((c) => c.name() === 'check')!;
  const flags = check.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined);

  it('knows the flags of smtp-probe check it looks for', () => {
    expect(flags).toEqual(expect.arrayContaining(['--ehlo', '--auth-user', '--port', '--tls', '-4']));
  });

  it('no cause, fix or list meaning names a flag of smtp-probe check', () => {
    const texts = [
      ...KNOWN_REPLIES.flatMap((e) => [e.cause, ...e.fix, e.link.title].map((t) => [e.id, t] as const)),
      ...BLOCKLISTS.flatMap((l) => [l.meaning, l.lookup.title, l.delist.title].map((t) => [l.id, t] as const)),
    ];
    for (const [id, text] of texts) {
      for (const flag of flags) expect(text, `${id} names ${flag}`).not.toMatch(new RegExp(`(^|[\\s("'])${flag}(?![\\w-])`));
    }
  });
});

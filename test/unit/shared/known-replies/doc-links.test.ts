/**
 * The main side's resolution of a link id (reliability A.6): an id becomes a URL only through the
 * allow-list. The table is widened here with entries that must never get out (plain http, a host
 * that is not a documentation host, a look-alike of one, a user name in the URL), so the test shows
 * that a bad table entry is refused by the resolution itself, not only by the table's own checks.
 */
import { describe, expect, it, vi } from 'vitest';
import { openableUrl } from '../../../../shared/known-replies/doc-links.ts';
import type * as Pages from '../../../../shared/known-replies/pages.ts';

const BAD = vi.hoisted(() => ({
  'reply:plain-http': 'http://www.postfix.org/postconf.5.html#reject_unauth_destination',
  'reply:not-a-doc-host': 'https://evil.example/postconf.5.html',
  'reply:look-alike': 'https://www.postfix.org.evil.example/postconf.5.html',
  'reply:sub-host': 'https://evil.www.postfix.org/postconf.5.html',
  'reply:user-info': 'https://user@www.postfix.org/postconf.5.html',
  'lookup:javascript': 'javascript:alert(1)',
}));

vi.mock('../../../../shared/known-replies/pages.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Pages>();
  const links: Record<string, string> = { ...real.KNOWN_REPLY_LINKS, ...BAD };
  return { KNOWN_REPLY_LINKS: links, knownReplyUrl: (link: string) => (Object.hasOwn(links, link) ? links[link] : undefined) };
});

describe('openableUrl: a link id to a page, through the allow-list only', () => {
  it('resolves a fixed reference and a receiver\'s page to their https URLs', () => {
    expect(openableUrl('rfc5321')).toBe('https://www.rfc-editor.org/rfc/rfc5321');
    expect(openableUrl('reply:postfix-relay-denied')).toBe('https://www.postfix.org/postconf.5.html#reject_unauth_destination');
  });

  it.each(['reply:no-such-entry', 'lookup:no-such-list', 'constructor', '__proto__', 'toString', 'https://www.rfc-editor.org/rfc/rfc5321', ''])('refuses the unknown id %s', (link) => {
    expect(openableUrl(link)).toBeUndefined();
  });

  it.each(Object.keys(BAD))('refuses %s, a table entry that is not an allow-listed https page', (link) => {
    expect(openableUrl(link)).toBeUndefined();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { EXTERNAL_LINKS } from '../../../shared/ipc/contract.ts';
import { ExternalLinkRefused, openExternalLink } from '../../../electron/main/external-links.ts';
import { isAllowedExternalUrl, openableUrl } from '../../../shared/known-replies/doc-links.ts';
import { BLOCKLISTS, KNOWN_REPLIES, KNOWN_REPLY_LINKS, PROVIDER_DOC_HOSTS, knownReplyLinkId } from '../../../shared/known-replies/index.ts';

describe('openExternalLink (reliability A.6)', () => {
  it.each([...Object.values(EXTERNAL_LINKS), ...Object.values(KNOWN_REPLY_LINKS)])('opens the listed link %s', async (url) => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    await openExternalLink(shell, url);
    expect(shell.openExternal).toHaveBeenCalledWith(url, { activate: true });
  });

  it.each([
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'ms-settings:',
    'ms-settings:network',
    'javascript:alert(1)',
    'smb://attacker.test/share',
    'https://docs.example.com.evil.test',
    'https://www.rfc-editor.org.evil.test/rfc/rfc5321',
    'https://evil.test/?u=https://www.rfc-editor.org/rfc/rfc5321',
    'https://user:pass@www.rfc-editor.org/rfc/rfc5321',
    'http://www.rfc-editor.org/rfc/rfc5321',
    'https://www.rfc-editor.org/rfc/rfc5321/../../evil',
    'https://www.rfc-editor.org/rfc/rfc5322',
    'https://www.rfc-editor.org/',
    'https://example.com',
    'rfc5321',
    '',
    // Look-alikes of the receivers' pages of the known-replies table.
    'https://learn.microsoft.com.evil.test/en-us/exchange/mail-flow/back-pressure',
    'https://evil.learn.microsoft.com/en-us/exchange/mail-flow/back-pressure',
    'https://learn.microsoft.com/en-us/some/other/page',
    'http://support.google.com/a/answer/3726730',
    'https://support.google.com/a/answer/3726730/../../evil',
    'https://sender.office.com/',
    'https://user@check.spamhaus.org/',
  ])('refuses %s and launches nothing', async (url) => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(isAllowedExternalUrl(url)).toBe(false);
    await expect(openExternalLink(shell, url)).rejects.toBeInstanceOf(ExternalLinkRefused);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('every page of the known-replies table is on one of the exact documentation hosts', () => {
    const urls = [...KNOWN_REPLIES.map((e) => e.link.url), ...BLOCKLISTS.flatMap((l) => [l.lookup.url, l.delist.url])];
    for (const url of urls) expect(PROVIDER_DOC_HOSTS, url).toContain(new URL(url).host);
    expect(new Set(urls)).toEqual(new Set(Object.values(KNOWN_REPLY_LINKS)));
  });

  it('every link id a finding or the explain dialog can carry opens an https page main allows', () => {
    const ids = [...KNOWN_REPLIES.map((e) => knownReplyLinkId(e.id)), ...BLOCKLISTS.flatMap((l) => [knownReplyLinkId('any', l.id), `delist:${l.id}`])];
    expect(ids.length).toBe(Object.keys(KNOWN_REPLY_LINKS).length);
    for (const id of ids) {
      const url = openableUrl(id);
      expect(url, id).toMatch(/^https:\/\//);
      expect(isAllowedExternalUrl(url!), id).toBe(true);
    }
  });
});

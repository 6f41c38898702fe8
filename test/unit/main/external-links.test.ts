import { describe, expect, it, vi } from 'vitest';
import { EXTERNAL_LINKS } from '../../../shared/ipc/contract.ts';
import { ExternalLinkRefused, isAllowedExternalUrl, openExternalLink } from '../../../electron/main/external-links.ts';

describe('openExternalLink (reliability A.6)', () => {
  it.each(Object.values(EXTERNAL_LINKS))('opens the listed link %s', async (url) => {
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
  ])('refuses %s and launches nothing', async (url) => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    expect(isAllowedExternalUrl(url)).toBe(false);
    await expect(openExternalLink(shell, url)).rejects.toBeInstanceOf(ExternalLinkRefused);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

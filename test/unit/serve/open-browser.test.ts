import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserOpener, openBrowser, type LaunchPage } from '../../../electron/serve/open-browser.ts';

const url = 'http://127.0.0.1:5000/?token=abc';

describe('browserOpener', () => {
  it.each([
    ['win32', {}, 'rundll32'],
    ['darwin', {}, 'open'],
    ['linux', { DISPLAY: ':0' }, 'xdg-open'],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, 'xdg-open'],
    ['win32', { CI: 'false' }, 'rundll32'],
  ] as const)('on %s with %o uses %s', (platform, env, command) => {
    expect(browserOpener(url, { platform, env })).toMatchObject({ command, args: expect.arrayContaining([url]) });
  });

  it.each([
    ['linux', {}],
    ['linux', { DISPLAY: ':0', CI: 'true' }],
    ['win32', { CI: '1' }],
    // AppVeyor sets CI=True; Azure Pipelines sets TF_BUILD=True and no CI.
    ['win32', { CI: 'True' }],
    ['darwin', { CI: 'YES' }],
    ['win32', { TF_BUILD: 'True' }],
    ['darwin', { SMTP_PROBE_NO_BROWSER: '1' }],
  ] as const)('opens nothing on %s with %o', (platform, env) => {
    expect(browserOpener(url, { platform, env })).toBeUndefined();
  });
});

describe('openBrowser', () => {
  const env = { platform: 'linux', env: { DISPLAY: ':0' } } as const;
  const pages: LaunchPage[] = [];
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.remove();
  });

  it('gives the opener a launch page, never the address with its token (a command line is public)', async () => {
    const started: { command: string; args: string[] }[] = [];
    const page = await openBrowser(url, env, async (opener) => (started.push(opener), true));
    pages.push(page!);
    expect(started).toHaveLength(1);
    expect(started[0]!.args.join(' ')).not.toContain('abc');
    expect(started[0]!.args).toEqual([page!.fileUrl]);
    const file = fileURLToPath(page!.fileUrl);
    // The page sends the browser on to the address (HTML-escaped in the markup).
    expect(readFileSync(file, 'utf8')).toContain('http-equiv="refresh" content="0;url=http://127.0.0.1:5000/?token=abc"');
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
    await page!.remove();
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('writes nothing where no browser is opened, and removes the page when the opener fails', async () => {
    const start = vi.fn(async () => false);
    await expect(openBrowser(url, { platform: 'linux', env: {} }, start)).resolves.toBeUndefined();
    expect(start).not.toHaveBeenCalled();
    const before = readdirSync(os.tmpdir()).filter((n) => n.startsWith('smtp-probe-open-'));
    await expect(openBrowser(url, env, start)).resolves.toBeUndefined();
    expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith('smtp-probe-open-'))).toEqual(before);
  });
});

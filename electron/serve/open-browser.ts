/**
 * Opens the browser-mode address in the user's default browser, where there is one to open:
 * never under a CI that says so (CI=1/true/yes in any case, as GitHub, GitLab or AppVeyor set it;
 * TF_BUILD on Azure Pipelines), never with SMTP_PROBE_NO_BROWSER set, never on a Linux/BSD machine
 * without a display. Best effort: when the opener is missing or fails, the printed address is
 * still there to click or copy.
 *
 * The opener gets a launch page, not the address: a command line is readable by every user of the
 * machine (ps, /proc/<pid>/cmdline), and a browser started by the opener keeps its arguments for as
 * long as it runs. The page is a file only its owner can read (0600 in a fresh 0700 folder) that
 * sends the browser on to the address with its token, the way Jupyter opens its notebooks.
 */
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeHtml } from '../../shared/visible-text.ts';

export interface OpenerEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

const SAYS_YES = /^(1|true|yes)$/i;

/** The command that opens `url` (here the launch page's file URL), or undefined when no browser should be opened here. */
export function browserOpener(url: string, { platform, env }: OpenerEnvironment): { command: string; args: string[] } | undefined {
  if (SAYS_YES.test(env.CI ?? '') || SAYS_YES.test(env.TF_BUILD ?? '') || env.SMTP_PROBE_NO_BROWSER) return undefined;
  if (platform === 'win32') {
    // Not `cmd /c start`: cmd would read the URL's characters as its own syntax.
    return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  }
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { command: 'xdg-open', args: [url] };
}

export interface LaunchPage {
  /** file:// URL of the page, the only thing an opener's command line carries. */
  fileUrl: string;
  /** Deletes the page and its folder (when browser mode stops). */
  remove(): Promise<void>;
}

/** Writes the owner-only page that redirects to `url` (the address with the token). */
export async function writeLaunchPage(url: string): Promise<LaunchPage> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-open-'));
  await fsp.chmod(dir, 0o700);
  const file = path.join(dir, 'open.html');
  const href = escapeHtml(url);
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${href}"><title>SMTP Probe</title><p><a href="${href}">Open SMTP Probe</a></p>\n`;
  await fsp.writeFile(file, html, { mode: 0o600, flag: 'wx' });
  return { fileUrl: pathToFileURL(file).href, remove: () => fsp.rm(dir, { recursive: true, force: true }) };
}

/** Starts the opener; resolves true when it was started (not that a window appeared). */
function startOpener(opener: { command: string; args: string[] }): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

/**
 * Opens `url` through a launch page where a browser should be opened; resolves with that page (to
 * remove when browser mode stops), or undefined when nothing was opened.
 */
export async function openBrowser(url: string, environment: OpenerEnvironment = { platform: process.platform, env: process.env }, start = startOpener): Promise<LaunchPage | undefined> {
  if (!browserOpener(url, environment)) return undefined;
  const page = await writeLaunchPage(url).catch(() => undefined);
  if (!page) return undefined;
  const opener = browserOpener(page.fileUrl, environment);
  if (opener && (await start(opener))) return page;
  await page.remove();
  return undefined;
}

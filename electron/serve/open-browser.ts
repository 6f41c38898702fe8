/**
 * Opens the browser-mode address in the user's default browser, where there is one to open:
 * never under a CI that says so (CI=1/true/yes in any case, as GitHub, GitLab or AppVeyor set it;
 * TF_BUILD on Azure Pipelines), never with SMTP_PROBE_NO_BROWSER set, never on a Linux/BSD machine
 * without a display. Best effort: when the opener is missing or fails, the printed address is
 * still there to click or copy.
 */
import { spawn } from 'node:child_process';

export interface OpenerEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

const SAYS_YES = /^(1|true|yes)$/i;

/** The command that opens `url`, or undefined when no browser should be opened here. */
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

/** Resolves true when an opener was started (not that a window appeared). */
export function openBrowser(url: string, environment: OpenerEnvironment = { platform: process.platform, env: process.env }): Promise<boolean> {
  const opener = browserOpener(url, environment);
  if (!opener) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

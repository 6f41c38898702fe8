/**
 * Where the CLI and browser mode keep their files (the desktop app uses Electron's userData instead):
 * %APPDATA%\smtp-probe on Windows, ~/Library/Application Support/smtp-probe on macOS,
 * $XDG_CONFIG_HOME/smtp-probe (or ~/.config/smtp-probe) elsewhere. SMTP_PROBE_HOME overrides it.
 */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SMTP_PROBE_HOME) return path.resolve(env.SMTP_PROBE_HOME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'smtp-probe');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'smtp-probe');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'smtp-probe');
}

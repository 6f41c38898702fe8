/**
 * A grep over the Electron shell's sources (reliability A.1, A.13): settings that switch off the
 * renderer's isolation or TLS verification must never appear under electron/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|cjs|mjs|vue|html)$/.test(entry.name) ? [full] : [];
  });
}

const FORBIDDEN: [string, RegExp][] = [
  ['nodeIntegration: true', /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/],
  ['sandbox: false', /sandbox\s*:\s*false/],
  ['contextIsolation: false', /contextIsolation\s*:\s*false/],
  ['webSecurity: false', /webSecurity\s*:\s*false/],
  ['webviewTag: true', /webviewTag\s*:\s*true/],
  ['allowRunningInsecureContent', /allowRunningInsecureContent/],
  ['experimentalFeatures', /experimentalFeatures/],
  ['enableBlinkFeatures', /enableBlinkFeatures/],
  ['NODE_TLS_REJECT_UNAUTHORIZED', /NODE_TLS_REJECT_UNAUTHORIZED/],
  ['a certificate-error handler', /['"]certificate-error['"]/],
  ['setCertificateVerifyProc', /setCertificateVerifyProc/],
  ['ignore-certificate-errors switch', /ignore-certificate-errors/],
  ["'unsafe-eval'", /unsafe-eval'/],
];

describe('no forbidden Electron settings under electron/', () => {
  const files = sourceFiles(path.join(root, 'electron'));

  it('scans the shell sources', () => {
    expect(files.some((file) => file.endsWith(path.join('main', 'main-window.ts')))).toBe(true);
  });

  it.each(FORBIDDEN)('%s appears nowhere', (_name, pattern) => {
    const hits = files.filter((file) => {
      // Comments may name a forbidden setting to say it is forbidden; code may not use it.
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      return pattern.test(code);
    });
    expect(hits.map((file) => path.relative(root, file))).toEqual([]);
  });

  it('the pattern list catches what it is meant to catch', () => {
    const sample = "new BrowserWindow({ webPreferences: { nodeIntegration: true, sandbox: false } }); app.on('certificate-error', ok)";
    const caught = FORBIDDEN.filter(([, pattern]) => pattern.test(sample)).map(([name]) => name);
    expect(caught).toEqual(['nodeIntegration: true', 'sandbox: false', 'a certificate-error handler']);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleResponse } from '../../../electron/main/app-protocol.ts';

const POLICY = "default-src 'none'";
let root: string;

beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  // Files a traversal would reach: beside the renderer folder and at its parent's level.
  writeFileSync(path.join(base, 'secret.txt'), 'top secret');
  mkdirSync(path.join(base, 'etc'));
  writeFileSync(path.join(base, 'etc', 'passwd'), 'top secret');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));

const get = (url: string, method = 'GET') => bundleResponse({ url, method }, root, POLICY);

describe('app:// serves the renderer folder', () => {
  it('serves index.html for the root, with its type, nosniff and the CSP header', async () => {
    const response = await get('app://bundle/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('SMTP Probe');
  });

  it('serves scripts as JavaScript (module scripts need the right type), ignoring query and hash', async () => {
    const response = await get('app://bundle/assets/app.js?v=1#x');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://bundle/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('app:// refuses everything else (path traversal)', () => {
  it.each([
    'app://bundle/../../etc/passwd',
    'app://bundle/%2e%2e/%2e%2e/etc/passwd',
    'app://bundle/%2E%2E/secret.txt',
    'app://bundle/..%2f..%2fetc%2fpasswd',
    'app://bundle/..%2F..%2Fetc%2Fpasswd',
    'app://bundle/..%2fsecret.txt',
    'app://bundle/assets/..%2f..%2fsecret.txt',
    'app://bundle/%2e%2e%2fsecret.txt',
    'app://bundle/..%5c..%5csecret.txt',
    'app://bundle/assets%5c..%5c..%5csecret.txt',
    'app://bundle/%2fetc%2fpasswd/..%2f..',
    'app://bundle/C:%5cWindows%5cwin.ini',
    'app://bundle/C:/Windows/win.ini',
    'app://bundle/index.html%00.js',
    'app://bundle/%E0%A4%A', // malformed percent-encoding
    'app://bundle/assets/link.txt', // a symlink out of the folder
    'app://other/index.html',
    'https://bundle/index.html',
    'file:///etc/passwd',
  ])('%s is refused and nothing outside the folder is read', async (url) => {
    const response = await get(url);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('top secret');
    expect(response.headers.get('content-security-policy')).toBe(POLICY);
  });

  it('encoded traversal is refused outright (403), not just missed', async () => {
    for (const url of ['app://bundle/..%2fsecret.txt', 'app://bundle/..%5csecret.txt', 'app://bundle/assets/link.txt', 'app://evil/index.html']) {
      expect((await get(url)).status, url).toBe(403);
    }
  });

  it('answers 404 for a missing file and a folder, and 405 for POST', async () => {
    expect((await get('app://bundle/nope.js')).status).toBe(404);
    expect((await get('app://bundle/assets')).status).toBe(404);
    expect((await get('app://bundle/index.html', 'POST')).status).toBe(405);
  });
});

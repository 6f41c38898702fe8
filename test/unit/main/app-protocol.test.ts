import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleResponse, mimeTypeOf, resolveBundlePath } from '../../../electron/main/app-protocol.ts';

const POLICY = "default-src 'none'";
let root: string;
let outside: string;

beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(outside, 'top secret');
  symlinkSync(outside, path.join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));

const get = (url: string, method = 'GET') => bundleResponse({ url, method }, root, POLICY);

describe('resolveBundlePath: only files under the renderer folder', () => {
  it('maps the root and plain paths into the folder', () => {
    expect(resolveBundlePath('app://bundle/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveBundlePath('app://bundle/assets/app.js', root)).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveBundlePath('app://bundle/assets/app.js?v=1#x', root)).toBe(path.join(root, 'assets', 'app.js'));
  });

  it.each([
    'app://bundle/..%2f..%2fetc%2fpasswd',
    'app://bundle/..%2F..%2Fetc%2Fpasswd',
    'app://bundle/assets/..%2f..%2f..%2fetc/passwd',
    'app://bundle/..%5c..%5cwindows%5cwin.ini',
    'app://bundle/assets%5c..%5c..%5csecret.txt',
    'app://bundle/%2fetc%2fpasswd/..%2f..',
    'app://bundle/C:%5cWindows%5cwin.ini',
    'app://bundle/C:/Windows/win.ini',
    'app://bundle/index.html%00.js',
    'app://bundle/%E0%A4%A', // malformed percent-encoding
    'app://other/index.html',
    'https://bundle/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveBundlePath(url, root)).toBeNull();
  });

  it('URL-normalized dot segments cannot climb above the folder', () => {
    // WHATWG URL parsing already folds /../ and /%2e%2e/ at the root; what remains stays inside.
    expect(resolveBundlePath('app://bundle/../../etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveBundlePath('app://bundle/%2e%2e/%2e%2e/etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveBundlePath('app://bundle/%2E%2E/%2E%2E/etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
  });
});

describe('bundleResponse', () => {
  it('serves index.html with its type, nosniff and the CSP header', async () => {
    const response = await get('app://bundle/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('SMTP Probe');
  });

  it('serves scripts as JavaScript (module scripts need the right type)', async () => {
    const response = await get('app://bundle/assets/app.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each(['app://bundle/..%2f..%2fsecret.txt', 'app://bundle/..%2fsecret.txt', 'app://bundle/assets/..%5c..%5csecret.txt'])('refuses traversal %s with 403 and never reads the file', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('top secret');
  });

  it('refuses a symlink that leads out of the folder', async () => {
    const response = await get('app://bundle/assets/link.txt');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('top secret');
  });

  it('answers 404 for a missing file and a folder, and 405 for POST', async () => {
    expect((await get('app://bundle/nope.js')).status).toBe(404);
    expect((await get('app://bundle/assets')).status).toBe(404);
    expect((await get('app://bundle/index.html', 'POST')).status).toBe(405);
  });

  it('every response, refusals included, carries the CSP', async () => {
    for (const url of ['app://bundle/nope.js', 'app://bundle/..%2fsecret.txt']) {
      expect((await get(url)).headers.get('content-security-policy')).toBe(POLICY);
    }
  });
});

describe('mimeTypeOf', () => {
  it('knows the renderer build file types and falls back to octet-stream', () => {
    expect(mimeTypeOf('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeOf('a.WOFF2')).toBe('font/woff2');
    expect(mimeTypeOf('a.exe')).toBe('application/octet-stream');
  });
});

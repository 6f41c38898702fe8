import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentType, resolveStatic } from '../../../electron/serve/static-files.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-static-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(path.join(base, 'secret.txt'), 'secret');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'link.txt'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveStatic', () => {
  it('serves index.html for / and files below the root', async () => {
    expect(await resolveStatic(root, '/')).toMatchObject({ kind: 'file', file: path.join(root, 'index.html') });
    expect(await resolveStatic(root, '/assets/app.js')).toMatchObject({ kind: 'file', size: 9 });
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%5csecret.txt', '/assets%00.js', '/%', '/C:/Windows', '/./index.html'])(
    'refuses %s',
    async (pathname) => {
      expect(await resolveStatic(root, pathname)).toEqual({ kind: 'forbidden' });
    },
  );

  it('refuses a symlink that leads out of the root', async () => {
    expect(await resolveStatic(root, '/link.txt')).toEqual({ kind: 'forbidden' });
  });

  it('says not found for missing files and for folders', async () => {
    expect(await resolveStatic(root, '/missing.js')).toEqual({ kind: 'not-found' });
    expect(await resolveStatic(root, '/assets')).toEqual({ kind: 'not-found' });
  });

  it('gives content types by extension, octet-stream otherwise', () => {
    expect(contentType('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('a.woff2')).toBe('font/woff2');
    expect(contentType('a.exe')).toBe('application/octet-stream');
  });
});

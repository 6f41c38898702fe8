import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUiCommand } from '../../../electron/serve/main.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';

let base: string;
let rendererDir: string;

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-ui-'));
  rendererDir = path.join(base, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('smtp-probe ui', () => {
  it('serves the app with the real handlers until stopped, and prints the address with its token', async () => {
    const { io, out } = capture();
    const stop = new AbortController();
    const dataDir = path.join(base, 'data');
    const exit = runUiCommand({ port: '0', dataDir, open: false }, io, stop.signal, rendererDir);
    await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}/.test(out()), { timeout: 10_000 }).toBe(true);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out())![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>SMTP Probe</title>');
    expect((await fetch(url.replace(/token=.*/, 'token=wrong'))).status).toBe(403);
    expect(out()).toContain(dataDir);
    stop.abort();
    expect(await exit).toBe(EXIT_CODES.ok);
    expect(out()).toContain('Browser mode stopped.');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('refuses a bad port and a missing renderer build with a usage error', async () => {
    const bad = capture();
    expect(await runUiCommand({ port: '70000', open: false }, bad.io, undefined, rendererDir)).toBe(EXIT_CODES.usage);
    expect(bad.err()).toMatch(/--port/);
    // What the user typed is echoed with its control characters made visible, never as terminal escapes.
    const hostile = capture();
    expect(await runUiCommand({ port: '\x1b[2J80', open: false }, hostile.io, undefined, rendererDir)).toBe(EXIT_CODES.usage);
    expect(hostile.err()).toContain('got "\\x1b[2J80"');
    expect(hostile.err()).not.toContain('\x1b');
    const missing = capture();
    expect(await runUiCommand({ port: '0', open: false }, missing.io, undefined, path.join(base, 'nothing'))).toBe(EXIT_CODES.usage);
    expect(missing.err()).toMatch(/build:renderer/);
  });
});

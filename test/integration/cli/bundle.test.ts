/**
 * The prebuilt CLI (scripts/build-cli.mjs) as an installed package runs it: the bin and
 * package.json copied to a folder with a fresh bundle, packed by `npm pack` (package.json's
 * `files`), and the tarball unpacked elsewhere. The unpacked package has no TypeScript sources, so
 * the tsx fallback cannot run and every command here proves the packed bundle itself works.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshBundle } from '../../../bin/cli-entry.js';
import { startSandbox, type Sandbox } from '../../../electron/engine/sandbox/index.ts';
import { TOOL_VERSION } from '../../../electron/engine/version.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { BUNDLED, COMMAND_FILES } from '../../../scripts/build-cli.mjs';
import { packageWithBundle, runCliProcess } from '../../helpers/cli-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let work: string;
let pkg: string;
let sandbox: Sandbox;

/** `npm pack` of a copy of the package holding only what packing needs; returns the tarball's path. */
async function packCopy(): Promise<string> {
  const copy = path.join(work, 'copy');
  await packageWithBundle(copy, ['README.md']);
  // --ignore-scripts: prepack would build the renderer too, which the CLI's commands here do not use.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: copy, encoding: 'utf8' });
  return path.join(work, (JSON.parse(out) as [{ filename: string }])[0].filename);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-bundle-'));
  const tarball = await packCopy();
  execFileSync('tar', ['-xzf', tarball, '-C', work]);
  pkg = path.join(work, 'package');
  await symlink(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  sandbox = await startSandbox({ dataDir: path.join(work, 'sandbox'), smtpPort: 0, tlsPort: 0 });
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => runCliProcess(path.join(pkg, 'bin', 'smtp-probe.js'), args, env);

it('the packed package holds the bin and a fresh bundle, and no sources to fall back to', async () => {
  expect(freshBundle(pkg)).toBe(path.join(pkg, 'out', 'cli', 'main.cjs'));
  expect((await readdir(pkg)).sort()).toEqual(['README.md', 'bin', 'node_modules', 'out', 'package.json']);
  expect((await readdir(path.join(pkg, 'out')))).toEqual(['cli']);
});

it('every package the bundle imports is a runtime dependency (an install without dev dependencies runs it); the bundled ones are not imported', async () => {
  const info = JSON.parse(await readFile(path.join(pkg, 'out', 'cli', 'build-info.json'), 'utf8')) as { packages: string[] };
  const manifest = JSON.parse(await readFile(path.join(pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  expect(info.packages).toContain('smtp-server');
  for (const name of info.packages) expect(manifest.dependencies, name).toHaveProperty([name]);
  for (const name of BUNDLED) expect(info.packages).not.toContain(name);
});

it("zod is bundled with its English messages only (the other locales left out)", async () => {
  const files = (await readdir(path.join(pkg, 'out', 'cli'))).filter((f) => f.endsWith('.cjs'));
  expect(files.sort()).toEqual(['main', ...Object.values(COMMAND_FILES)].map((name) => `${name}.cjs`).sort());
  const code = (await Promise.all(files.map((f) => readFile(path.join(pkg, 'out', 'cli', f), 'utf8')))).join('\n');
  // en.js and de.js of zod: the same message in each language (the bundle writes ü as an escape).
  expect(code).toContain('Invalid input');
  expect(code).not.toContain('Eingabe');
});

it('no command file keeps an import(): code compiled from the code cache has no dynamic-import callback', async () => {
  for (const name of ['main', ...Object.values(COMMAND_FILES)]) {
    const code = await readFile(path.join(pkg, 'out', 'cli', `${name}.cjs`), 'utf8');
    expect(code, name).not.toMatch(/\bimport\(/);
  }
});

it('--version prints the package version', async () => {
  const run = await cli(['--version']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout.trim()).toBe(TOOL_VERSION);
  // Two flags go through commander: its answer has the same words as the bin's own.
  expect(await cli(['--version', '--version'])).toEqual(run);
});

it('--version (or -V) alone is answered before the CLI loads: a package without its bundle still answers', async () => {
  const bare = path.join(work, 'bare');
  await mkdir(path.join(bare, 'bin'), { recursive: true });
  for (const file of [...(await readdir(path.join(pkg, 'bin'))).map((f) => `bin/${f}`), 'package.json']) await copyFile(path.join(pkg, file), path.join(bare, file));
  for (const flag of ['--version', '-V']) {
    const run = spawnSync(process.execPath, [path.join(bare, 'bin', 'smtp-probe.js'), flag], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: `${TOOL_VERSION}\n`, stderr: '' });
  }
  // Any other command needs the CLI, which is not there.
  expect(spawnSync(process.execPath, [path.join(bare, 'bin', 'smtp-probe.js'), 'explain', '550'], { encoding: 'utf8' }).status).not.toBe(0);
});

it('explain and --help start without child_process (commander loads it only to spawn a subcommand)', () => {
  const script = [
    `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(pkg, 'out', 'cli', 'main.cjs')).href)});`,
    'const io = { stdout: { write() {} }, stderr: { write() {} }, stdin: process.stdin, colorDefault: false };',
    "for (const argv of [['explain', '550'], ['--help'], ['check', '--help']]) await main(argv, io);",
    "console.log(process.moduleLoadList.filter((m) => /child_process/.test(m)).length);",
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: pkg, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.stdout.trim()).toBe('0');
});

it('explain runs from the bundle', async () => {
  const run = await cli(['explain', '550 5.7.1 Relaying denied']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/relay/i);
});

it('the first run writes the code cache of each file it read (explain: main.cjs and explain.cjs, not the engine), the next reads them (not written again) and answers the same', async () => {
  const dir = path.join(work, 'code-cache');
  const first = await cli(['explain', '550 5.7.1'], { SMTP_PROBE_CODE_CACHE_DIR: dir });
  const files = (await readdir(dir)).sort();
  expect(files).toEqual(['explain', 'main'].map((part) => expect.stringMatching(new RegExp(`^cli-[0-9a-f]{16}-${part}-v[\\d.]+-\\w+-[0-9a-f]{8}-explain\\.bin$`))));
  const written = await Promise.all(files.map(async (f) => (await stat(path.join(dir, f))).mtimeMs));
  const second = await cli(['explain', '550 5.7.1'], { SMTP_PROBE_CODE_CACHE_DIR: dir });
  expect(second).toEqual(first);
  expect(first.code).toBe(0);
  expect(await Promise.all(files.map(async (f) => (await stat(path.join(dir, f))).mtimeMs))).toEqual(written);
});

/** Node's own modules a command loaded (a preload writes process.moduleLoadList at exit), and its output. */
async function nodeModulesLoaded(args: string[]): Promise<{ modules: string[]; stdout: string }> {
  const preload = path.join(work, 'module-list.cjs');
  await writeFile(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULE_LIST, process.moduleLoadList.join('\\n')));\n");
  const list = path.join(work, 'module-list.txt');
  // Run as its own process without blocking this one: the check's server (the sandbox) runs here.
  const run = await cli(args, { NODE_OPTIONS: `--require ${preload}`, MODULE_LIST: list });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return { modules: (await readFile(list, 'utf8')).split('\n'), stdout: run.stdout };
}

it('explain loads no more of Node than it uses: not the ES module loader, not crypto, not the standard input stream', async () => {
  const { modules } = await nodeModulesLoaded(['explain', '550 5.7.1 Relaying denied']);
  expect(modules).toContain('NativeModule vm');
  expect(modules.filter((m) => /^NativeModule (crypto|internal\/modules\/esm\/translators|internal\/fs\/promises|internal\/fs\/streams)$/.test(m))).toEqual([]);
});

it("a session that sends a message does not load Node's http, https or zlib (nodemailer's URL fetcher is set up on first use)", async () => {
  const args = ['check', '--server', `127.0.0.1:${sandbox.smtpPort}`, '--tls', 'starttls', '--ca', sandbox.certificatePath, '--ehlo', 'client.smtp-probe.test', '--dns-server', '127.0.0.1:5300',
    '--no-public-ip', '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', '--body', 'no fetcher'];
  const { modules, stdout } = await nodeModulesLoaded(args);
  // The message was composed and sent: nodemailer's composer ran.
  expect(stdout).toMatch(/^\s*PASS\s+data\b/m);
  expect(modules.filter((m) => /^NativeModule (http|https|zlib)$/.test(m))).toEqual([]);
}, 60_000);

it('a check with --ca and --body-file reads them synchronously: no asynchronous file request, so no thread pool and no loop turns before it connects', async () => {
  const preload = path.join(work, 'fs-requests.cjs');
  await writeFile(preload, [
    "let count = 0;",
    "require('node:async_hooks').createHook({ init(id, type) { if (type.startsWith('FSREQ')) count += 1; } }).enable();",
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.FS_REQUESTS, String(count)));",
  ].join('\n'));
  const body = path.join(work, 'body.txt');
  await writeFile(body, 'from a file\n');
  const requests = path.join(work, 'fs-requests.txt');
  const args = ['check', '--server', `127.0.0.1:${sandbox.smtpPort}`, '--tls', 'starttls', '--ca', sandbox.certificatePath, '--ehlo', 'client.smtp-probe.test',
    '--dns-server', '127.0.0.1:5300', '--no-public-ip', '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', '--body-file', body, '--json'];
  // Run as its own process without blocking this one: the check's server (the sandbox) runs here.
  const run = await cli(args, { NODE_OPTIONS: `--require ${preload}`, FS_REQUESTS: requests });
  expect(run.stderr).toBe('');
  const report = runReportSchema.parse(JSON.parse(run.stdout));
  expect(report.steps.find((s) => s.id === 'starttls')?.status).toBe('pass');
  expect(report.transcript.some((l) => l.text === 'from a file')).toBe(true);
  expect(await readFile(requests, 'utf8')).toBe('0');
}, 60_000);

it('the engine and zod are in the command files that run checks, not in main.cjs or explain.cjs', async () => {
  const text = (name: string) => readFile(path.join(pkg, 'out', 'cli', `${name}.cjs`), 'utf8');
  // zod's English message, and the SMTP client's connection class.
  for (const name of ['main', 'explain']) expect(await text(name), name).not.toMatch(/Invalid input|\bSmtpConnection\b/);
  expect(await text('check')).toMatch(/Invalid input/);
  expect(await text('check')).toMatch(/\bSmtpConnection\b/);
});

it('a full session (STARTTLS, AUTH, DATA) against the built-in server, as JSON', async () => {
  const args = ['check', '--server', `127.0.0.1:${sandbox.smtpPort}`, '--tls', 'starttls', '--ca', sandbox.certificatePath, '--ehlo', 'client.smtp-probe.test',
    '--dns-server', '127.0.0.1:5300', '--no-public-ip', '--auth-user', sandbox.credentials.user, '--auth-password-env', 'BUNDLE_TEST_PASSWORD',
    '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', '--json'];
  const run = await cli(args, { BUNDLE_TEST_PASSWORD: sandbox.credentials.password });
  expect(run.stderr).toBe('');
  const report = runReportSchema.parse(JSON.parse(run.stdout));
  expect(run.code).toBe(EXIT_CODES.ok);
  expect(report.exitCode).toBe(EXIT_CODES.ok);
  for (const id of ['starttls', 'auth', 'data'] as const) expect(report.steps.find((s) => s.id === id)?.status).toBe('pass');
  expect(report.transcript.some((l) => /^250 /.test(l.text) && /queued|Accepted|OK/i.test(l.text))).toBe(true);
  expect(run.stdout).not.toContain(sandbox.credentials.password);
}, 60_000);

it('a reader that stops early (| head) ends the command quietly: no EPIPE stack trace', async () => {
  const args = ['check', '--server', `127.0.0.1:${sandbox.smtpPort}`, '--tls', 'starttls', '--ca', sandbox.certificatePath, '--ehlo', 'client.smtp-probe.test', '--dns-server', '127.0.0.1:5300', '--no-public-ip', '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test'];
  const child = spawn(process.execPath, [path.join(pkg, 'bin', 'smtp-probe.js'), ...args], { cwd: pkg, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // Like `head -1`: read the first chunk, then close the pipe while the command still writes.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\(node:/);
  expect(code).toBe(0);
}, 60_000);

it('bad input still gets the usage exit code', async () => {
  const run = await cli(['check', '--server', '127.0.0.1:99999']);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toMatch(/port/i);
});

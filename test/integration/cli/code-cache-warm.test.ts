/**
 * The built CLI started twice with one fresh code cache folder, cold and then warm. A warm start
 * compiles from V8's code cache, which does not carry everything a cold compile sets up: code from
 * the cache had no dynamic-import callback, so the lazily loaded NTLM module failed on every start
 * after the first. Each command here must give the same result both times, and the warm start must
 * have used the cache: bin/code-cache.js writes a cache file exactly when there was none or V8
 * rejected it (test/unit/scripts/code-cache.test.ts), so a file left as it was (same inode, time and
 * size) is a cache V8 accepted.
 */
import { mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { packageWithBundle, runCliProcess, startSandboxProcess, type ProcessResult } from '../../helpers/cli-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
let work: string;
let bin: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-warm-cache-'));
  bin = await packageWithBundle(path.join(work, 'package'));
  await symlink(path.join(root, 'node_modules'), path.join(work, 'package', 'node_modules'), 'dir');
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The cache folder's files, each with what a rewrite changes: its inode, modification time and size. */
async function cacheFiles(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  const stats = await Promise.all(names.map((name) => stat(path.join(dir, name))));
  return Object.fromEntries(names.map((name, i) => [name, `${stats[i]!.ino} ${stats[i]!.mtimeMs} ${stats[i]!.size}`]));
}

/** The cache file of each bundle file (`parts`) for `command`, by name. */
const cacheNames = (parts: string[], command: string) => parts.map((part) => expect.stringMatching(new RegExp(`^cli-[0-9a-f]{16}-${part}-v[\\d.]+-\\w+-[0-9a-f]{8}-${command}\\.bin$`)));

it('explain: the warm start reads the cache of main.cjs and explain.cjs, writes nothing, and answers the same', async () => {
  const env = { SMTP_PROBE_CODE_CACHE_DIR: path.join(work, 'explain-cache') };
  const args = ['explain', '421 4.7.0 Try again later, closing connection. (EHLO) s1-20020a05600c+ - gsmtp'];
  const cold = await runCliProcess(bin, args, env);
  expect(cold).toMatchObject({ code: 0, stderr: '' });
  const written = await cacheFiles(env.SMTP_PROBE_CODE_CACHE_DIR);
  expect(Object.keys(written)).toEqual(cacheNames(['explain', 'main'], 'explain'));
  expect(await runCliProcess(bin, args, env)).toEqual(cold);
  expect(await cacheFiles(env.SMTP_PROBE_CODE_CACHE_DIR)).toEqual(written);
});

/** What must not change from a cold start to a warm one: the exit code, each step's outcome, the findings. */
function outcome(run: ProcessResult) {
  const report = runReportSchema.parse(JSON.parse(run.stdout));
  return { code: run.code, stderr: run.stderr, steps: report.steps.map((s) => `${s.id} ${s.status}`), findings: report.findings.map((f) => f.code) };
}

/**
 * One round: the built-in test server started by the built CLI, and a check against it with
 * STARTTLS, an NTLM logon and a message (the lazily loaded paths of both: the NTLM library on each
 * side, the message composer); the server is stopped after it, so it writes its cache too.
 */
async function round(n: number, env: Record<string, string>) {
  const sandbox = await startSandboxProcess(bin, path.join(work, `sandbox-${n}`), env);
  try {
    const { port, user, password, ca } = sandbox.info;
    const args = ['check', '--server', `127.0.0.1:${port}`, '--tls', 'starttls', '--ca', ca, '--ehlo', 'client.smtp-probe.test', ...DNS, '--auth-mech', 'NTLM',
      '--auth-user', `SANDBOX\\${user}`, '--auth-password-env', 'WARM_CACHE_PASSWORD', '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', '--json'];
    const run = await runCliProcess(bin, args, { ...env, WARM_CACHE_PASSWORD: password });
    const transcript = runReportSchema.parse(JSON.parse(run.stdout)).transcript.map((l) => l.text);
    expect(transcript).toContain('NTLM challenge: domain SANDBOX, server SANDBOX');
    expect(transcript).toContain('235 2.7.0 Authentication successful');
    expect(transcript.some((l) => /^250 .*queued as/i.test(l))).toBe(true);
    await expect.poll(() => sandbox.log).toMatch(new RegExp(`AUTH NTLM as SANDBOX\\\\${user}: accepted`));
    return outcome(run);
  } finally {
    expect(await sandbox.stop()).toBe(0);
  }
}

it('check (STARTTLS, AUTH NTLM, a message) against the sandbox, both run by the built CLI: the warm starts use every cache and give the same result', async () => {
  const env = { SMTP_PROBE_CODE_CACHE_DIR: path.join(work, 'check-cache') };
  const cold = await round(1, env);
  expect(cold.code).toBe(EXIT_CODES.ok);
  expect(cold.steps).toEqual(expect.arrayContaining(['starttls pass', 'auth pass', 'data pass']));
  const written = await cacheFiles(env.SMTP_PROBE_CODE_CACHE_DIR);
  expect(Object.keys(written).sort()).toEqual([...cacheNames(['check', 'main'], 'check'), ...cacheNames(['main', 'sandbox'], 'sandbox')]);
  expect(await round(2, env)).toEqual(cold);
  expect(await cacheFiles(env.SMTP_PROBE_CODE_CACHE_DIR)).toEqual(written);
}, 60_000);

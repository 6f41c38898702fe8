/**
 * The smtp-probe command as a process of its own, as a user starts it from a terminal: `bin` is a
 * package's bin/smtp-probe.js (this checkout's, or a copy whose bundle a test built), run from that
 * package's folder, with NO_COLOR and the given variables added to this process's environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../scripts/build-cli.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A copy of this package in `dest` with what running the built CLI needs: bin/, package.json (and
 * `extra` files) and a bundle built into out/cli for the test; no node_modules. Returns its bin.
 * @param extra more of the package's files to copy, by path from its root
 */
export async function packageWithBundle(dest: string, extra: string[] = []): Promise<string> {
  await mkdir(path.join(dest, 'bin'), { recursive: true });
  for (const file of [...(await readdir(path.join(root, 'bin'))).map((f) => `bin/${f}`), 'package.json', ...extra]) await copyFile(path.join(root, file), path.join(dest, file));
  await buildCli(path.join(dest, 'out', 'cli'));
  return path.join(dest, 'bin', 'smtp-probe.js');
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(bin: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: path.dirname(path.dirname(bin)), env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs one command to its end. */
export function runCliProcess(bin: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = start(bin, args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface SandboxProcess {
  /** What its banner says: the STARTTLS port, the account it made and its certificate's file. */
  info: { port: string; user: string; password: string; ca: string };
  banner: string;
  /** Everything it printed so far (its log lines follow the banner). */
  readonly log: string;
  /** Ctrl+C's signal; resolves with its exit code once it has ended. */
  stop(): Promise<number | null>;
}

/** `smtp-probe sandbox` on free ports, its data in `dataDir`; resolves once its banner is out. */
export async function startSandboxProcess(bin: string, dataDir: string, env: Record<string, string> = {}): Promise<SandboxProcess> {
  const child = start(bin, ['sandbox', '--data-dir', dataDir, '--smtp-port', '0', '--tls-port', '0'], env);
  let log = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      log += c.toString();
      if (log.includes('Press Ctrl+C to stop.')) resolve(log);
    });
    void exited.then((code) => reject(new Error(`smtp-probe sandbox exited (${code}): ${log}${stderr}`)));
  });
  const field = (label: string) => new RegExp(`^\\s+${label}:\\s+(\\S+)`, 'm').exec(banner)?.[1] ?? '';
  return {
    info: { port: field('Plain \\+ STARTTLS').split(':')[1] ?? '', user: field('User'), password: field('Password'), ca: field('Certificate \\(PEM\\)') },
    banner,
    get log() {
      return log;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Vitest globalSetup: starts the real peers (Postfix + Dovecot, the DNS server) before the tests
 * when this machine can run them — as root, with test/peers/install.sh's packages present — and
 * leaves them running (SMTP_PROBE_STOP_PEERS=1 stops what it started). Anywhere else it does nothing;
 * tests that need a peer then skip (locally) or fail (CI=true) through describeWithPeer.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inCi } from './helpers/peers.ts';
import { postfixAvailable } from './helpers/postfix-peer.ts';

const peersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers');
const REQUIRED_BINARIES = ['/usr/sbin/postfix', '/usr/sbin/dovecot', '/usr/bin/swaks'];

/**
 * Runs a peers script with its output in a temporary file, not a pipe: daemons it starts may
 * keep an inherited stdout open, and a pipe would then never close. Resolves on the script's exit.
 */
function runScript(script: string): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-peers-'));
  const file = path.join(dir, 'output.txt');
  const fd = openSync(file, 'w');
  const collect = (ok: boolean, extra = ''): { ok: boolean; output: string } => {
    const output = `${readFileSync(file, 'utf8')}${extra}`.trim();
    rmSync(dir, { recursive: true, force: true });
    return { ok, output };
  };
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(peersDir, script)], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve(collect(false, `\n${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(collect(code === 0, code === 0 ? '' : `\n${script} exited with ${signal ?? `code ${code}`}`));
    });
  });
}

function oneLine(text: string): string {
  return text.split('\n').map((l) => l.trim().replace(/^peers: /, '')).filter(Boolean).join('; ');
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const isRoot = process.getuid?.() === 0;
  const installed = REQUIRED_BINARIES.every((file) => existsSync(file));
  if (!isRoot || !installed) return undefined;

  const alreadyRunning = await postfixAvailable();
  // start.sh is idempotent and quick when the peers run: it refreshes their config from test/peers/.
  const started = await runScript('start.sh');
  // Peers stay up after the run: several test runs (and developers) share them, and a run that
  // stopped them would pull them from under the others. SMTP_PROBE_STOP_PEERS=1 stops what this run started.
  const teardown = alreadyRunning || process.env.SMTP_PROBE_STOP_PEERS !== '1'
    ? undefined
    : async () => {
        const stopped = await runScript('stop.sh');
        if (!stopped.ok) console.warn(`[peers] test/peers/stop.sh failed: ${oneLine(stopped.output)}`);
      };
  if (!started.ok) {
    const message = `[peers] test/peers/start.sh failed:\n${started.output}`;
    if (inCi) {
      await teardown?.();
      throw new Error(message);
    }
    console.warn(message);
    return teardown;
  }
  console.log(`[peers] ${oneLine(started.output)}${teardown ? ' (stopped again after the tests)' : ''}`);
  return teardown;
}

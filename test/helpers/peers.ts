/**
 * Real peers (Postfix, Dovecot, a DNS server) are installed and started by `.ci/run`
 * (see test/peers/). Locally, without them, their tests skip with a visible line;
 * with CI=true a missing peer fails the run instead of silently skipping, unless the runner says
 * it has none on purpose (SMTP_PROBE_PEERS=none: the release workflow's Windows and macOS jobs).
 */
import net from 'node:net';
import { describe, it } from 'vitest';

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}
export const inCi = isCi();

/** Whether a missing peer fails the run: in CI, except on a runner declared to have no peers. */
export function peersRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return isCi(env) && env.SMTP_PROBE_PEERS !== 'none';
}

/** Resolves true when something accepts TCP connections on host:port within timeoutMs. */
export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * `describe` for tests that need a peer. `available` is checked once, before the suite is collected.
 * Missing locally: the suite is skipped and a line says so. Missing with CI=true: the suite fails.
 */
export async function describeWithPeer(peer: string, available: () => Promise<boolean>, name: string, body: () => void): Promise<void> {
  const ok = await available();
  if (ok) {
    describe(name, body);
    return;
  }
  if (peersRequired()) {
    describe(name, () => {
      it(`needs ${peer}, which is not running (CI=true: a missing peer fails the run; see test/peers/)`, () => {
        throw new Error(`${peer} is not running`);
      });
    });
    return;
  }
  console.warn(`[skip] ${name}: ${peer} is not running here (start it with test/peers/start.sh; with CI=true this fails unless SMTP_PROBE_PEERS=none)`);
  describe.skip(`${name} (skipped: ${peer} not running)`, body);
}


import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlackholePort, type BlackholePort } from '../../helpers/blackhole.ts';

type Outcome = { kind: 'connect' } | { kind: 'error'; code: string | undefined } | { kind: 'client-timeout' };

/** A plain connect with the client's own deadline, as the engine's connect step will do it. */
function tryConnect(host: string, port: number, deadlineMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'client-timeout' }), deadlineMs);
    socket.once('connect', () => finish({ kind: 'connect' }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', code: error.code }));
  });
}

describe('blackhole port (for connect.timeout)', () => {
  let hole: BlackholePort | undefined;
  afterEach(async () => {
    await hole?.close();
    hole = undefined;
  });

  it('is on loopback', async () => {
    hole = await createBlackholePort();
    expect(hole.host).toBe('127.0.0.1');
    expect(hole.port).toBeGreaterThan(0);
  });

  it('never completes nor refuses a connection: only the client deadline ends the attempt', async () => {
    hole = await createBlackholePort();
    const outcome = await tryConnect(hole.host, hole.port, 1500);
    expect(outcome).toEqual({ kind: 'client-timeout' });
  });

  it('drops every attempt, not just the first', async () => {
    hole = await createBlackholePort();
    const outcomes = await Promise.all([1, 2, 3].map(() => tryConnect(hole!.host, hole!.port, 1000)));
    expect(outcomes).toEqual([{ kind: 'client-timeout' }, { kind: 'client-timeout' }, { kind: 'client-timeout' }]);
  });

  it('refuses connections once closed (the listener is really gone)', async () => {
    const closed = await createBlackholePort();
    await closed.close();
    const outcome = await tryConnect(closed.host, closed.port, 1500);
    expect(outcome).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
  });
});

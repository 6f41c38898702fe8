/**
 * After a plain-text connection got no greeting: does the port answer a TLS ClientHello? On an
 * implicit-TLS port (RFC 8314 §3.3) the server waits for our handshake while we wait for its 220,
 * so silence alone cannot tell "expects TLS" from "dead". One short, separate connection: nothing
 * is sent but the handshake, no certificate is judged, and the socket is closed as soon as the
 * server has answered in TLS (a completed handshake or a TLS alert) or not at all.
 */
import tls from 'node:tls';
import type { TlsProbeEvidence } from '../../../shared/evidence.ts';
import { isIpLiteral } from '../dns/names.ts';

/** The probe's own deadline: a handshake on a live TLS port takes a round trip or two. */
export const TLS_PROBE_MS = 5_000;

export interface TlsProbeOptions {
  /** The address the plain-text connection reached (so the probe asks the same server). */
  host: string;
  port: number;
  /** The name the run would send as SNI (an MX host name); absent for an IP target. */
  servername?: string;
  /** The run's source address: the probe leaves from where the session did. */
  localAddress?: string;
  timeoutMs: number;
  /** The run's signal (Stop, the run's time budget): the probe ends with it. */
  signal?: AbortSignal;
}

/** A TLS alert is the server speaking TLS, even when it refuses our parameters. */
function isTlsAlert(err: Error & { code?: string }): boolean {
  return /alert/i.test(err.message) || /_ALERT_/.test(err.code ?? '');
}

export function probeTls(options: TlsProbeOptions): Promise<TlsProbeEvidence> {
  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ answered: false, elapsedMs: 0, outcome: 'cancelled' });
    // tls.connect hands these to net's connect, which binds localAddress; Node's types leave it out.
    const connect: tls.ConnectionOptions & { localAddress?: string } = { host: options.host.replace(/^\[|\]$/g, ''), port: options.port, rejectUnauthorized: false };
    if (options.localAddress !== undefined) connect.localAddress = options.localAddress;
    if (options.servername !== undefined && !isIpLiteral(options.servername)) connect.servername = options.servername;
    const socket = tls.connect(connect);
    let done = false;
    const finish = (result: TlsProbeEvidence) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ answered: false, elapsedMs: elapsedMs(), outcome: 'cancelled' });
    const timer = setTimeout(() => finish({ answered: false, elapsedMs: elapsedMs(), outcome: 'timeout' }), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => finish({ answered: true, elapsedMs: elapsedMs(), outcome: 'handshake', ...(socket.getProtocol() ? { protocol: socket.getProtocol() ?? '' } : {}) }));
    socket.once('error', (err: Error & { code?: string }) =>
      finish(isTlsAlert(err) ? { answered: true, elapsedMs: elapsedMs(), outcome: 'alert', error: err.message } : { answered: false, elapsedMs: elapsedMs(), outcome: 'no-tls', error: err.message }),
    );
    socket.once('close', () => finish({ answered: false, elapsedMs: elapsedMs(), outcome: 'no-tls' }));
  });
}

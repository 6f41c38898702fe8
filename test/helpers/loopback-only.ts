/**
 * Set-up file of every test worker (vitest.config.ts, vitest.e2e.config.ts): traffic goes to
 * loopback only. A TCP or TLS connection, a UDP datagram or a DNS question (c-ares or getaddrinfo)
 * for anything else is not sent: the caller gets an error, and the test that tried fails after it
 * ends, naming the destination. Child processes (the peers, Chromium, a CLI run in a network
 * namespace) are outside this process and are confined by their own set-up.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { afterEach } from 'vitest';

/** Shared by every evaluation of this file in one process: the built-in modules are patched once. */
export const LOOPBACK_GUARD = Symbol.for('smtp-probe.loopback-only');
export interface LoopbackGuard {
  /** Destinations refused since the last test ended. */
  attempts: string[];
}
const shared = globalThis as typeof globalThis & { [LOOPBACK_GUARD]?: LoopbackGuard };
const installed = shared[LOOPBACK_GUARD];
const guard: LoopbackGuard = installed ?? { attempts: [] };
const attempts = guard.attempts;

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and the name localhost. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
  return false;
}

/** Host part of a c-ares server setting: "127.0.0.1:5300", "[::1]:53", "10.0.0.53". */
function serverHost(setting: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(setting);
  if (bracketed) return bracketed[1]!;
  return net.isIPv6(setting) ? setting : setting.split(':')[0]!;
}

function refusal(what: string): NodeJS.ErrnoException {
  attempts.push(what);
  return Object.assign(new Error(`test traffic beyond loopback refused: ${what}`), { code: 'ECONNREFUSED' });
}


function guardSockets(): void {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect passes its normalized arguments as one array: [[options, callback]].
    const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; port?: number; path?: string } | number | string;
    const options = typeof first === 'object' && first !== null ? first : typeof first === 'number' ? { port: first, host: typeof args[1] === 'string' ? args[1] : undefined } : { path: first };
    if (options.path === undefined && !isLoopback(options.host ?? 'localhost')) {
      const error = refusal(`connect ${options.host}:${options.port}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;

  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
    const address = args.find((a, i) => i > 0 && typeof a === 'string');
    const callback = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
    if (typeof address === 'string' && !isLoopback(address)) {
      const error = refusal(`udp ${address}`);
      if (callback) process.nextTick(() => callback(error));
      return;
    }
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof dgram.Socket.prototype.send;
}

const QUESTIONS = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];

type Api = Record<string, (...args: unknown[]) => unknown>;

/** Wraps each question of `target` so it is asked only when every server `servers()` names is loopback. */
function guardQuestions(target: Api, servers: (self: unknown) => string[], promises: boolean): void {
  for (const name of QUESTIONS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: unknown, ...args: unknown[]) {
      const outside = servers(this).filter((s) => !isLoopback(serverHost(s)));
      if (outside.length === 0) return original.apply(this, args);
      const error = refusal(`dns ${name}(${String(args[0])}) @ ${outside.join(', ')}`);
      if (promises) return Promise.reject(error);
      const callback = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
      if (callback) process.nextTick(() => callback(error));
      return undefined;
    };
  }
}

function guardDns(): void {
  const own = (self: unknown) => (self as { getServers(): string[] }).getServers();
  guardQuestions(dns.Resolver.prototype as unknown as Api, own, false);
  guardQuestions(dns.promises.Resolver.prototype as unknown as Api, own, true);
  // The module-level questions are bound to the default resolver: the system's servers.
  guardQuestions(dns as unknown as Api, () => dns.getServers(), false);
  guardQuestions(dns.promises as unknown as Api, () => dns.getServers(), true);

  const lookup = dns.lookup;
  dns.lookup = function (hostname: string, ...args: unknown[]) {
    if (typeof hostname === 'string' && !isLoopback(hostname) && net.isIP(hostname) === 0) {
      const error = refusal(`lookup ${hostname}`);
      const callback = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
      if (callback) process.nextTick(() => callback(error));
      return {} as never;
    }
    return (lookup as (...a: unknown[]) => unknown).call(dns, hostname, ...args);
  } as typeof dns.lookup;
  const lookupPromise = dns.promises.lookup;
  dns.promises.lookup = function (hostname: string, ...args: unknown[]) {
    if (typeof hostname === 'string' && !isLoopback(hostname) && net.isIP(hostname) === 0) return Promise.reject(refusal(`lookup ${hostname}`));
    return (lookupPromise as (...a: unknown[]) => Promise<unknown>).call(dns.promises, hostname, ...args);
  } as typeof dns.promises.lookup;
}

if (!installed) {
  guardSockets();
  guardDns();
  shared[LOOPBACK_GUARD] = guard;
}

afterEach(() => {
  const tried = attempts.splice(0);
  if (tried.length > 0) throw new Error(`This test tried to reach beyond loopback (refused, nothing sent):\n  ${[...new Set(tried)].join('\n  ')}`);
});

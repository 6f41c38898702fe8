/**
 * The sandbox's decisions, free of sockets so each can be unit-tested: which behaviours are
 * valid, whether a recipient is accepted, and the greylist's memory.
 */
import { SandboxError } from './sandbox-error.ts';
import type { SandboxBehaviours } from './sandbox-types.ts';

export const DEFAULT_BEHAVIOURS: Readonly<SandboxBehaviours> = Object.freeze({
  denyRelay: false,
  greylist: false,
  rejectAuth: false,
  slowBannerMs: 0,
});

/** A slow banner longer than a client's usual greeting deadline would only show a timeout. */
export const MAX_SLOW_BANNER_MS = 120_000;

/** Merges a partial update into `base`, refusing unknown keys and wrong types. */
export function mergeBehaviours(base: SandboxBehaviours, update: Partial<SandboxBehaviours> | undefined): SandboxBehaviours {
  if (update === undefined) return { ...base };
  if (typeof update !== 'object' || update === null) throw new SandboxError('EOPTION', 'options', 'Behaviours must be an object');
  const next = { ...base };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    switch (key) {
      case 'denyRelay':
      case 'greylist':
      case 'rejectAuth':
        if (typeof value !== 'boolean') throw new SandboxError('EOPTION', 'options', `Behaviour ${key} must be true or false`);
        next[key] = value;
        break;
      case 'slowBannerMs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SLOW_BANNER_MS) {
          throw new SandboxError('EOPTION', 'options', `Behaviour slowBannerMs must be a whole number of milliseconds from 0 to ${MAX_SLOW_BANNER_MS}`);
        }
        next.slowBannerMs = value;
        break;
      default:
        throw new SandboxError('EOPTION', 'options', `Unknown behaviour "${key}"`);
    }
  }
  return next;
}

/** Splits an envelope address at its last '@' (a quoted local part may hold one too). */
export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return at < 0 ? { local: address, domain: '' } : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

export function isLocalDomain(domain: string, localDomains: readonly string[]): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return localDomains.some((local) => local.toLowerCase() === d);
}

/**
 * Remembers (client, from, to) triplets. The first sighting is deferred; any later one passes,
 * and the triplet stays known so later messages pass at once, as with real greylisting.
 * Bounded: oldest entries go first when full, and entries expire.
 */
export class Greylist {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 6 * 3600 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** 'defer' for a triplet not seen before (and records it), 'pass' otherwise. */
  check(client: string, from: string, to: string): 'defer' | 'pass' {
    const key = `${client}\u0000${from.toLowerCase()}\u0000${to.toLowerCase()}`;
    const t = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && t - at <= this.ttlMs) return 'pass';
    this.seen.delete(key);
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
    this.seen.set(key, t);
    return 'defer';
  }

  get size(): number {
    return this.seen.size;
  }
}

export interface RecipientContext {
  address: string;
  from: string;
  clientAddress: string;
  authenticated: boolean;
  behaviours: SandboxBehaviours;
  localDomains: readonly string[];
  greylist: Greylist;
}

/** A refusal: the SMTP reply code and its text, which starts with the RFC 3463 enhanced code. */
export interface Refusal {
  code: number;
  text: string;
}

/**
 * The built-in server's refusals, in words of its own: a real MTA's exact text (Postfix's "Relay
 * access denied") would make a run call this server "a known Postfix reply". The known-replies
 * table matches none of them (test/unit/engine/sandbox/own-wording.test.ts).
 */
export const SANDBOX_REFUSALS = {
  // RFC 5321 §3.6.2 / RFC 3463 5.7.1: delivery not authorized. "Relaying" keeps the relay finding.
  relay: { code: 554, text: '5.7.1 Relaying refused: sign in (AUTH) first to send to other domains' },
  // RFC 3463 5.1.1: bad destination mailbox address.
  unknownUser: { code: 550, text: '5.1.1 User unknown' },
  // RFC 3463 4.7.1: delivery not authorized, try again (the usual greylisting reply).
  greylisted: { code: 451, text: '4.7.1 Greylisted, try again later' },
  // RFC 4954 §6: 535 5.7.8, the same reply whatever was wrong, so it reveals nothing.
  authFailed: { code: 535, text: '5.7.8 Authentication credentials invalid' },
  // RFC 3463 §3.4 4.3.0: a local problem, the client should try again later.
  storeFailed: { code: 451, text: '4.3.0 The sandbox could not store the message' },
} as const satisfies Record<string, Refusal>;

/** RFC 3463 4.3.1: mail system full. A 4xx: a client that retries delivers once the user cleans up. */
export function inboxFullRefusal(limit: number, inboxDir: string): Refusal {
  return { code: 452, text: `4.3.1 Sandbox inbox full (${limit} messages): delete some from ${inboxDir}` };
}

/** RFC 1870 §6 / RFC 3463 5.3.4: the message is larger than the limit the server announced with SIZE. */
export function oversizedRefusal(limit: number): Refusal {
  return { code: 552, text: `5.3.4 Message size exceeds fixed maximum message size (${limit} bytes)` };
}

/**
 * Decides one RCPT TO. Order as in a typical Postfix recipient restriction list: relay check,
 * then the mailbox, then greylisting (which only ever applies to mail that would be accepted).
 */
export function recipientDecision(ctx: RecipientContext): Refusal | undefined {
  const { local, domain } = splitAddress(ctx.address);
  if (ctx.behaviours.denyRelay && !ctx.authenticated && !isLocalDomain(domain, ctx.localDomains)) return SANDBOX_REFUSALS.relay;
  // Any domain, so the finding can be shown anywhere.
  if (local.toLowerCase() === 'unknown') return SANDBOX_REFUSALS.unknownUser;
  if (ctx.behaviours.greylist && ctx.greylist.check(ctx.clientAddress, ctx.from, ctx.address) === 'defer') return SANDBOX_REFUSALS.greylisted;
  return undefined;
}

/**
 * Evidence: what the engine observed during a run, before any judgement.
 * The engine (electron/engine/smtp, electron/engine/dns) produces it; the diagnosis
 * (electron/engine/diagnose) turns it into steps and findings; reports carry it.
 * Everything here is plain JSON: no Buffers, no Dates, no class instances.
 */
import type { AuthMechanism, SecurityMode, StepId, StopStage } from './steps.ts';

// ---------------------------------------------------------------- SMTP replies

export interface SmtpReply {
  /** Three-digit reply code. When lines disagree, the last line's code (and `codeMismatch`). */
  code: number;
  /** RFC 3463 enhanced status code ("5.7.1") when the server advertised ENHANCEDSTATUSCODES and the text starts with one. */
  enhanced?: string;
  /** Text of each line after the code and separator (may be empty). */
  lines: string[];
  /** Lines as received, without line ending (for the transcript). */
  raw: string[];
  /** Some line ended in a bare LF instead of CRLF. */
  bareLf?: boolean;
  /** Lines of a multi-line reply carried different codes. */
  codeMismatch?: boolean;
  /** The enhanced code's class disagrees with the reply code's first digit. */
  enhancedMismatch?: boolean;
}

// ---------------------------------------------------------------- errors

/** Transport, timeout, TLS and framing problems. 4xx/5xx replies are outcomes, not errors. */
export const ENGINE_ERROR_CODES = [
  'ECONNREFUSED', // TCP RST on connect
  'ETIMEDOUT', // a deadline passed (see phase)
  'EHOSTUNREACH', // no route / network unreachable
  'ECONNRESET', // peer reset an established connection
  'ECLOSED', // peer closed the connection (FIN) when a reply was expected
  'EPROTO', // malformed or unexpected reply, caps exceeded, non-SMTP bytes
  'ETLS', // TLS handshake or certificate failure
  'EINJECTION', // bytes buffered after the 220 to STARTTLS (RFC 3207 §4.2 / CVE-2011-0411)
  'EABORTED', // cancelled by the user (AbortSignal)
  'EINVALID', // bad input caught before anything was sent
  'EDNS', // name resolution of the target failed
  'EPOLICY', // we refused to continue (e.g. STARTTLS required but not offered, AUTH without TLS)
  'EFLOOD', // the server kept sending without being asked, past the cap on unread replies
  'EDEADLINE', // the run's overall time budget ran out (see phase)
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export const PHASES = [
  'dns',
  'connect',
  'tls-handshake',
  'greeting',
  'ehlo',
  'starttls',
  'auth',
  'mail',
  'rcpt',
  'data',
  'data-end',
  'rset',
  'quit',
  'command',
] as const;
export type Phase = (typeof PHASES)[number];

export interface EngineError {
  code: EngineErrorCode;
  phase: Phase;
  /** Plain message, no secrets. */
  message: string;
  /** The OS / Node / OpenSSL error code when there is one (e.g. "ENETUNREACH", "CERT_HAS_EXPIRED"). */
  cause?: string;
  /** The reply involved, if any. */
  reply?: SmtpReply;
  /** The command being run (redacted). */
  command?: string;
}

// ---------------------------------------------------------------- TLS

export interface CertificateInfo {
  subject: string; // "CN=mx.example.net, O=Example"
  issuer: string;
  subjectAltNames: string[]; // ["DNS:mx.example.net", "IP Address:127.0.0.1"]
  validFrom: string; // ISO 8601
  validTo: string; // ISO 8601
  serialNumber: string;
  fingerprint256: string;
  selfSigned: boolean;
  /** e.g. "RSA 2048", "EC prime256v1" when known. */
  publicKey?: string;
}

export interface TlsReport {
  /** "TLSv1.3" etc. */
  protocol: string | null;
  cipher: { name: string; standardName?: string; version: string } | null;
  /** The SNI name sent (null when connecting to an IP literal). */
  servername: string | null;
  /** The chain verified against our trust store, with hostname. */
  authorized: boolean;
  /** Node/OpenSSL reason when not authorized: "DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID", ... */
  authorizationError?: string;
  /** Human text for the reason. */
  authorizationMessage?: string;
  /** Leaf first. */
  chain: CertificateInfo[];
  /** We went on despite verification problems because the user chose "inspect anyway". */
  inspectedAnyway?: boolean;
}

// ---------------------------------------------------------------- SMTP session evidence

export interface CommandRecord {
  /** Which wizard step the command belongs to. */
  step: StepId;
  /** The command line as shown in the transcript (credentials already redacted). */
  command: string;
  reply?: SmtpReply;
  /** Milliseconds since the run started when the command was sent. */
  startedAt: number;
  /** Milliseconds until the complete reply (or the error). */
  elapsedMs: number;
  error?: EngineError;
}

export interface EhloCapabilities {
  /** Keyword -> parameters, keywords upper-cased: { SIZE: ["10240000"], AUTH: ["PLAIN","LOGIN"], STARTTLS: [] }. */
  keywords: Record<string, string[]>;
  /** The first line of the EHLO reply after the code, usually "<hostname> Hello <client> [<ip>]". */
  greeting: string;
}

/** Did a port that gave no plain-text greeting answer a TLS ClientHello (electron/engine/smtp/tls-probe.ts)? */
export interface TlsProbeEvidence {
  /** The server spoke TLS: a completed handshake or a TLS alert. */
  answered: boolean;
  outcome: 'handshake' | 'alert' | 'no-tls' | 'timeout' | 'cancelled';
  protocol?: string;
  elapsedMs: number;
  error?: string;
}

export interface SmtpEvidence {
  target: {
    host: string;
    port: number;
    security: SecurityMode;
    /** The IP we connected to, and our own local address and port. */
    remoteAddress?: string;
    localAddress?: string;
    family?: 4 | 6;
  };
  connect?: { ok: boolean; elapsedMs: number; error?: EngineError };
  /** Implicit TLS (465): the handshake before the greeting. */
  implicitTls?: { ok: boolean; elapsedMs: number; error?: EngineError };
  banner?: { reply?: SmtpReply; elapsedMs: number; error?: EngineError };
  /** No greeting in plain text: a second, short connection tried a TLS handshake on the same port. */
  tlsProbe?: TlsProbeEvidence;
  /** The first EHLO (or HELO fallback). */
  ehlo?: {
    name: string;
    reply?: SmtpReply;
    /** HELO was sent after EHLO got 5xx. */
    heloFallback: boolean;
    heloReply?: SmtpReply;
    capabilities?: EhloCapabilities;
    elapsedMs: number;
    error?: EngineError;
  };
  starttls?: {
    offered: boolean;
    attempted: boolean;
    reply?: SmtpReply;
    ok: boolean;
    /** Bytes arrived with/after the 220 before the handshake: possible response injection. */
    injection?: boolean;
    elapsedMs: number;
    error?: EngineError;
  };
  /** EHLO after TLS; capabilities learned before TLS are discarded. */
  ehloAfterTls?: { reply?: SmtpReply; capabilities?: EhloCapabilities; elapsedMs: number; error?: EngineError };
  tls?: TlsReport;
  auth?: {
    /** Mechanisms the server advertised (after TLS if TLS was used). */
    offered: string[];
    mechanism?: AuthMechanism;
    attempted: boolean;
    ok: boolean;
    reply?: SmtpReply;
    /** Why we did not try. */
    skippedReason?: 'no-credentials' | 'not-offered' | 'mechanism-unsupported' | 'plaintext-refused' | 'tls-unverified' | 'secret-rebound';
    elapsedMs: number;
    error?: EngineError;
  };
  mail?: CommandRecord;
  rcpt?: CommandRecord[];
  data?: {
    /** Reply to DATA (354 expected). */
    start?: CommandRecord;
    /** Reply after the final dot. */
    end?: CommandRecord;
    /** Queue id parsed from the final 250 reply when present. */
    queueId?: string;
    /** Size of the message sent in octets (after dot-stuffing; for BDAT, the chunk). */
    sizeOctets?: number;
    /**
     * Fast mode with CHUNKING (RFC 3030): the message went as one `BDAT <n> LAST`, whose record is
     * `end` (its reply comes after the message); there is no `start`.
     */
    chunked?: boolean;
  };
  /**
   * RFC 5321 §4.5.3.1.10: after a 452 "too many recipients", the rest were sent in these further
   * transactions (each: MAIL FROM, RCPT TO..., DATA), in order.
   */
  moreTransactions?: { mail?: CommandRecord; rcpt: CommandRecord[]; dataStart?: CommandRecord; dataEnd?: CommandRecord; queueId?: string }[];
  quit?: CommandRecord;
  /** Every command in order. */
  commands: CommandRecord[];
  /** The error that ended the session early, if any. */
  error?: EngineError;
  /** The stage the user asked to stop after. */
  stopAfter?: StopStage;
  /** Protocol oddities worth reporting even when the session went on. */
  violations: { kind: 'bare-lf' | 'code-mismatch' | 'enhanced-mismatch' | 'starttls-after-tls' | 'unsolicited-reply'; text: string }[];
  /** The server closed the connection unexpectedly (not after our QUIT). */
  closedByServer?: { phase: Phase; afterReply?: SmtpReply };
  /** Total time of the SMTP part. */
  elapsedMs: number;
}

// ---------------------------------------------------------------- DNS evidence

/** Outcome of one DNS question; NXDOMAIN, NODATA, SERVFAIL, timeout and "we stopped asking" (Stop, run deadline) told apart. */
export const DNS_OUTCOMES = ['ok', 'nxdomain', 'nodata', 'servfail', 'refused', 'timeout', 'error', 'cancelled'] as const;
export type DnsOutcome = (typeof DNS_OUTCOMES)[number];

export interface MxHost {
  exchange: string;
  priority: number;
  /** A and AAAA of the exchange, resolved in parallel. */
  addresses: string[];
  addressOutcome: DnsOutcome;
  /** The MX target is an alias (CNAME) — RFC 5321 §5.1 / RFC 2181 §10.3 say it must not be. */
  cname?: string;
  /** The alias chain followed from the target (target first), when it is a CNAME; bounded. */
  cnameChain?: string[];
  /** The alias chain comes back to a name already in it (or passes the bound). */
  cnameLoop?: boolean;
  /** The target is an IP literal or otherwise not a valid host name. */
  invalid?: string;
}

export interface MxEvidence {
  domain: string;
  /** A-label form of the domain as queried. */
  asciiDomain: string;
  resolver: string; // "system" or "ip:port"
  outcome: DnsOutcome;
  /** No MX but the domain has A/AAAA (RFC 5321 §5.1). */
  implicit: boolean;
  /** "0 ." null MX (RFC 7505). */
  nullMx: boolean;
  hosts: MxHost[];
  /** Number of MX records cut off by the cap. */
  truncated?: number;
  elapsedMs: number;
  errorMessage?: string;
}

export interface PtrEvidence {
  address: string;
  /** in-addr.arpa / ip6.arpa name queried. */
  reverseName: string;
  outcome: DnsOutcome;
  names: string[];
  /** Each PTR name resolves back to the address (FCrDNS). */
  forward: { name: string; addresses: string[]; outcome: DnsOutcome; confirms: boolean }[];
  forwardConfirmed: boolean;
  elapsedMs: number;
}

export interface ClientSideEvidence {
  /** Public IP as seen by the public-IP resolvers over DNS. */
  publicIp?: string;
  publicIpSource?: string; // "myip.opendns.com @ 208.67.222.222" etc.
  publicIpOutcome: DnsOutcome;
  /** The address the SMTP server echoed in its EHLO greeting ("[203.0.113.5]"). */
  seenByServer?: string;
  ptr?: PtrEvidence;
  /** A name that would pass the server's EHLO checks: the confirmed PTR name, or an address literal. */
  suggestedEhlo?: string;
}

export interface DnsEvidence {
  mx?: MxEvidence;
  /** PTR + FCrDNS of the server address we connected to. */
  serverPtr?: PtrEvidence;
  client?: ClientSideEvidence;
}

// ---------------------------------------------------------------- the whole run

export interface RunEvidence {
  startedAt: string; // ISO 8601 UTC
  /** What the user asked for. */
  request: {
    domain?: string;
    server?: string;
    port: number;
    security: SecurityMode;
    ehloName: string;
    authUser?: string;
    authMechanism?: AuthMechanism;
    /** The saved password was kept from the run: where it was entered for, and where the profile points now. */
    authWithheld?: { savedFor: string; nowFor: string };
    from?: string;
    to: string[];
    stopAfter?: StopStage;
  };
  dns: DnsEvidence;
  smtp?: SmtpEvidence;
  /** The run was stopped before its end: by the user (Stop, Ctrl+C) or by its overall time budget. */
  interrupted?: RunInterruption;
}

export interface RunInterruption {
  reason: 'cancelled' | 'deadline';
  /** The step that was running (or about to run) when it happened. */
  step: StepId;
  /** The run's time budget in ms (active time: pauses in the wizard do not count). */
  deadlineMs: number;
}

/** 2yz (RFC 5321 §4.2.1): the command was done. An absent reply (nothing came back) is not positive. */
export function isPositive(reply: SmtpReply | undefined): boolean {
  return reply !== undefined && reply.code >= 200 && reply.code < 300;
}

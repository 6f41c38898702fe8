/**
 * Evidence: what the engine observed during a run, before any judgement.
 * The engine (electron/engine/smtp, electron/engine/dns) produces it; the diagnosis
 * (electron/engine/diagnose) turns it into steps and findings; reports carry it.
 * Everything here is plain JSON: no Buffers, no Dates, no class instances. Each shape is declared
 * once, as a zod schema (the runtime check of a report read back); its TypeScript type is z.infer of it.
 */
import * as z from 'zod';
import { AUTH_MECHANISMS, SECURITY_MODES, STEP_IDS, STOP_STAGES } from './steps.ts';

// ---------------------------------------------------------------- SMTP replies

export const smtpReplySchema = z.object({
  /** Three-digit reply code. When lines disagree, the last line's code (and `codeMismatch`). */
  code: z.number().int(),
  /** RFC 3463 enhanced status code ("5.7.1") when the server advertised ENHANCEDSTATUSCODES and the text starts with one. */
  enhanced: z.string().optional(),
  /** Text of each line after the code and separator (may be empty). */
  lines: z.array(z.string()),
  /** Lines as received, without line ending (for the transcript). */
  raw: z.array(z.string()),
  /** Some line ended in a bare LF instead of CRLF. */
  bareLf: z.boolean().optional(),
  /** Lines of a multi-line reply carried different codes. */
  codeMismatch: z.boolean().optional(),
  /** The enhanced code's class disagrees with the reply code's first digit. */
  enhancedMismatch: z.boolean().optional(),
});
export type SmtpReply = z.infer<typeof smtpReplySchema>;

// ---------------------------------------------------------------- errors

/** Transport, timeout, TLS and framing problems. 4xx/5xx replies are outcomes, not errors. */
export const ENGINE_ERROR_CODES = [
  'ECONNREFUSED', // TCP RST on connect
  'ETIMEDOUT', // a deadline passed (see phase)
  'EHOSTUNREACH', // no route / network unreachable
  'ESOURCE', // the source address could not be bound (not on this machine); nothing was sent
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

export const engineErrorSchema = z.object({
  code: z.enum(ENGINE_ERROR_CODES),
  phase: z.enum(PHASES),
  /** Plain message, no secrets. */
  message: z.string(),
  /** The OS / Node / OpenSSL error code when there is one (e.g. "ENETUNREACH", "CERT_HAS_EXPIRED"). */
  cause: z.string().optional(),
  /** The reply involved, if any. */
  reply: smtpReplySchema.optional(),
  /** The command being run (redacted). */
  command: z.string().optional(),
});
export type EngineError = z.infer<typeof engineErrorSchema>;

export { OTHER_FAMILY_ONLY } from './ip-versions.ts';

// ---------------------------------------------------------------- TLS

export const certificateInfoSchema = z.object({
  /** "CN=mx.example.net, O=Example" */
  subject: z.string(),
  issuer: z.string(),
  /** ["DNS:mx.example.net", "IP Address:127.0.0.1"] */
  subjectAltNames: z.array(z.string()),
  /** ISO 8601 */
  validFrom: z.string(),
  /** ISO 8601 */
  validTo: z.string(),
  serialNumber: z.string(),
  fingerprint256: z.string(),
  selfSigned: z.boolean(),
  /** e.g. "RSA 2048", "EC prime256v1" when known. */
  publicKey: z.string().optional(),
  /** The certificate itself (PEM), so it can be copied, checked with openssl or trusted. */
  pem: z.string().optional(),
});
export type CertificateInfo = z.infer<typeof certificateInfoSchema>;

export const tlsReportSchema = z.object({
  /** "TLSv1.3" etc. */
  protocol: z.string().nullable(),
  cipher: z.object({ name: z.string(), standardName: z.string().optional(), version: z.string() }).nullable(),
  /** The SNI name sent (null when connecting to an IP literal). */
  servername: z.string().nullable(),
  /** The chain verified against our trust store, with hostname. */
  authorized: z.boolean(),
  /** Node/OpenSSL reason when not authorized: "DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID", ... */
  authorizationError: z.string().optional(),
  /** Human text for the reason. */
  authorizationMessage: z.string().optional(),
  /** Leaf first. */
  chain: z.array(certificateInfoSchema),
  /** We went on despite verification problems because the user chose "inspect anyway". */
  inspectedAnyway: z.boolean().optional(),
  /**
   * We went on despite verification problems because this is opportunistic STARTTLS to an MX on
   * port 25, where sending servers do not verify either (RFC 7435) unless MTA-STS or DANE asks.
   */
  opportunistic: z.boolean().optional(),
  /**
   * A certificate pin was given (shared/tls-pin.ts). `matched`: the server's certificate is the
   * pinned one, so it is trusted by the pin (`authorized` true) whatever `overrode` (the
   * verification error the pin stood in for) says; otherwise `authorizationError` is PIN_MISMATCH.
   */
  pin: z.object({ expected: z.string(), matched: z.boolean(), overrode: z.string().optional() }).optional(),
});
export type TlsReport = z.infer<typeof tlsReportSchema>;

// ---------------------------------------------------------------- SMTP session evidence

const elapsedMs = z.number().nonnegative();

export const commandRecordSchema = z.object({
  /** Which wizard step the command belongs to. */
  step: z.enum(STEP_IDS),
  /** The command line as shown in the transcript (credentials already redacted). */
  command: z.string(),
  /** MAIL FROM and RCPT TO: the mailbox between < and > as sent (a non-ASCII domain as its A-label). */
  address: z.string().optional(),
  reply: smtpReplySchema.optional(),
  /** Milliseconds since the run started when the command was sent. */
  startedAt: z.number().nonnegative(),
  /** Milliseconds until the complete reply (or the error). */
  elapsedMs,
  error: engineErrorSchema.optional(),
});
export type CommandRecord = z.infer<typeof commandRecordSchema>;

export const ehloCapabilitiesSchema = z.object({
  /** Keyword -> parameters, keywords upper-cased: { SIZE: ["10240000"], AUTH: ["PLAIN","LOGIN"], STARTTLS: [] }. */
  keywords: z.record(z.string(), z.array(z.string())),
  /** The first line of the EHLO reply after the code, usually "<hostname> Hello <client> [<ip>]". */
  greeting: z.string(),
});
export type EhloCapabilities = z.infer<typeof ehloCapabilitiesSchema>;

/** Did a port that gave no plain-text greeting answer a TLS ClientHello (electron/engine/smtp/tls-probe.ts)? */
export const tlsProbeEvidenceSchema = z.object({
  /** The server spoke TLS: a completed handshake or a TLS alert. */
  answered: z.boolean(),
  outcome: z.enum(['handshake', 'alert', 'no-tls', 'timeout', 'cancelled']),
  protocol: z.string().optional(),
  elapsedMs,
  error: z.string().optional(),
});
export type TlsProbeEvidence = z.infer<typeof tlsProbeEvidenceSchema>;

/** How one stage without a command record went: ok or not, how long, and the error that ended it. */
const attemptSchema = z.object({ ok: z.boolean(), elapsedMs, error: engineErrorSchema.optional() });

export const AUTH_SKIPPED_REASONS = ['no-credentials', 'not-offered', 'mechanism-unsupported', 'plaintext-refused', 'tls-unverified', 'secret-rebound'] as const;
export const VIOLATION_KINDS = ['bare-lf', 'code-mismatch', 'enhanced-mismatch', 'starttls-after-tls', 'unsolicited-reply'] as const;

export const smtpEvidenceSchema = z.object({
  target: z.object({
    host: z.string(),
    port: z.number().int().min(1).max(65535),
    security: z.enum(SECURITY_MODES),
    /** The IP we connected to, and our own local address and port. */
    remoteAddress: z.string().optional(),
    localAddress: z.string().optional(),
    localPort: z.number().int().min(1).max(65535).optional(),
    /** The source address asked for (--source-ip, the profile's Source address), bound before connecting. */
    sourceAddress: z.string().optional(),
    family: z.union([z.literal(4), z.literal(6)]).optional(),
  }),
  // dialledEarly: `check --fast` opened it before the run was ready, and its connect was seen only
  // when the run got there, so elapsedMs is an upper bound (electron/engine/smtp/early-dial.ts).
  connect: attemptSchema.extend({ dialledEarly: z.literal(true).optional() }).optional(),
  /** Implicit TLS (465): the handshake before the greeting. */
  implicitTls: attemptSchema.optional(),
  banner: z.object({ reply: smtpReplySchema.optional(), elapsedMs, error: engineErrorSchema.optional() }).optional(),
  /** No greeting in plain text: a second, short connection tried a TLS handshake on the same port. */
  tlsProbe: tlsProbeEvidenceSchema.optional(),
  /** The first EHLO (or HELO fallback). */
  ehlo: z
    .object({
      name: z.string(),
      reply: smtpReplySchema.optional(),
      /** HELO was sent after EHLO got 5xx. */
      heloFallback: z.boolean(),
      heloReply: smtpReplySchema.optional(),
      capabilities: ehloCapabilitiesSchema.optional(),
      elapsedMs,
      error: engineErrorSchema.optional(),
    })
    .optional(),
  starttls: z
    .object({
      offered: z.boolean(),
      attempted: z.boolean(),
      reply: smtpReplySchema.optional(),
      ok: z.boolean(),
      /** Bytes arrived with/after the 220 before the handshake: possible response injection. */
      injection: z.boolean().optional(),
      elapsedMs,
      error: engineErrorSchema.optional(),
    })
    .optional(),
  /** EHLO after TLS; capabilities learned before TLS are discarded. */
  ehloAfterTls: z.object({ reply: smtpReplySchema.optional(), capabilities: ehloCapabilitiesSchema.optional(), elapsedMs, error: engineErrorSchema.optional() }).optional(),
  /** The TLS session (STARTTLS or implicit TLS); the report's only copy of it. */
  tls: tlsReportSchema.optional(),
  auth: z
    .object({
      /** Mechanisms the server advertised (after TLS if TLS was used). */
      offered: z.array(z.string()),
      mechanism: z.enum(AUTH_MECHANISMS).optional(),
      attempted: z.boolean(),
      ok: z.boolean(),
      reply: smtpReplySchema.optional(),
      /** Why we did not try. */
      skippedReason: z.enum(AUTH_SKIPPED_REASONS).optional(),
      elapsedMs,
      error: engineErrorSchema.optional(),
    })
    .optional(),
  mail: commandRecordSchema.optional(),
  rcpt: z.array(commandRecordSchema).optional(),
  data: z
    .object({
      /** Reply to DATA (354 expected). */
      start: commandRecordSchema.optional(),
      /** Reply after the final dot. */
      end: commandRecordSchema.optional(),
      /** Queue id parsed from the final 250 reply when present. */
      queueId: z.string().optional(),
      /** Size of the message sent in octets (after dot-stuffing; for BDAT, the chunk). */
      sizeOctets: z.number().int().nonnegative().optional(),
      /**
       * Fast mode with CHUNKING (RFC 3030): the message went as one `BDAT <n> LAST`, whose record is
       * `end` (its reply comes after the message); there is no `start`.
       */
      chunked: z.boolean().optional(),
    })
    .optional(),
  /**
   * RFC 5321 §4.5.3.1.10: after a 452 "too many recipients", the rest were sent in these further
   * transactions (each: MAIL FROM, RCPT TO..., DATA), in order.
   */
  moreTransactions: z
    .array(
      z.object({
        mail: commandRecordSchema.optional(),
        rcpt: z.array(commandRecordSchema),
        dataStart: commandRecordSchema.optional(),
        dataEnd: commandRecordSchema.optional(),
        queueId: z.string().optional(),
      }),
    )
    .optional(),
  quit: commandRecordSchema.optional(),
  /** Every command in order. */
  commands: z.array(commandRecordSchema),
  /** The error that ended the session early, if any. */
  error: engineErrorSchema.optional(),
  /** The stage the user asked to stop after. */
  stopAfter: z.enum(STOP_STAGES).optional(),
  /** Protocol oddities worth reporting even when the session went on. */
  violations: z.array(z.object({ kind: z.enum(VIOLATION_KINDS), text: z.string() })),
  /** The server closed the connection unexpectedly (not after our QUIT). */
  closedByServer: z.object({ phase: z.enum(PHASES), afterReply: smtpReplySchema.optional() }).optional(),
  /** Total time of the SMTP part. */
  elapsedMs,
});
export type SmtpEvidence = z.infer<typeof smtpEvidenceSchema>;

// ---------------------------------------------------------------- DNS evidence

/** Outcome of one DNS question; NXDOMAIN, NODATA, SERVFAIL, timeout and "we stopped asking" (Stop, run deadline) told apart. */
export const DNS_OUTCOMES = ['ok', 'nxdomain', 'nodata', 'servfail', 'refused', 'timeout', 'error', 'cancelled'] as const;
export type DnsOutcome = (typeof DNS_OUTCOMES)[number];
const dnsOutcome = z.enum(DNS_OUTCOMES);

export const mxHostSchema = z.object({
  exchange: z.string(),
  priority: z.number().int().nonnegative(),
  /** A and AAAA of the exchange, resolved in parallel. */
  addresses: z.array(z.string()),
  addressOutcome: dnsOutcome,
  /** The MX target is an alias (CNAME) — RFC 5321 §5.1 / RFC 2181 §10.3 say it must not be. */
  cname: z.string().optional(),
  /** The alias chain followed from the target (target first), when it is a CNAME; bounded. */
  cnameChain: z.array(z.string()).optional(),
  /** The alias chain comes back to a name already in it (or passes the bound). */
  cnameLoop: z.boolean().optional(),
  /** The target is an IP literal or otherwise not a valid host name. */
  invalid: z.string().optional(),
});
export type MxHost = z.infer<typeof mxHostSchema>;

export const mxEvidenceSchema = z.object({
  domain: z.string(),
  /** A-label form of the domain as queried. */
  asciiDomain: z.string(),
  /** "system" or "ip:port" */
  resolver: z.string(),
  outcome: dnsOutcome,
  /** No MX but the domain has A/AAAA (RFC 5321 §5.1). */
  implicit: z.boolean(),
  /** "0 ." null MX (RFC 7505). */
  nullMx: z.boolean(),
  hosts: z.array(mxHostSchema),
  /** Number of MX records cut off by the cap. */
  truncated: z.number().int().nonnegative().optional(),
  elapsedMs,
  errorMessage: z.string().optional(),
});
export type MxEvidence = z.infer<typeof mxEvidenceSchema>;

export const ptrForwardSchema = z.object({ name: z.string(), addresses: z.array(z.string()), outcome: dnsOutcome, confirms: z.boolean() });

export const ptrEvidenceSchema = z.object({
  address: z.string(),
  /** in-addr.arpa / ip6.arpa name queried. */
  reverseName: z.string(),
  outcome: dnsOutcome,
  names: z.array(z.string()),
  /** Each PTR name resolves back to the address (FCrDNS). */
  forward: z.array(ptrForwardSchema),
  forwardConfirmed: z.boolean(),
  elapsedMs,
});
export type PtrEvidence = z.infer<typeof ptrEvidenceSchema>;

export const clientSideEvidenceSchema = z.object({
  /** Public IP as seen by the public-IP resolvers over DNS. */
  publicIp: z.string().optional(),
  /** "myip.opendns.com @ 208.67.222.222" etc. */
  publicIpSource: z.string().optional(),
  publicIpOutcome: dnsOutcome,
  /** The address the SMTP server echoed in its EHLO greeting ("[203.0.113.5]"). */
  seenByServer: z.string().optional(),
  ptr: ptrEvidenceSchema.optional(),
  /** A name that would pass the server's EHLO checks: the confirmed PTR name, or an address literal. */
  suggestedEhlo: z.string().optional(),
});
export type ClientSideEvidence = z.infer<typeof clientSideEvidenceSchema>;

export const dnsEvidenceSchema = z.object({
  mx: mxEvidenceSchema.optional(),
  /** PTR + FCrDNS of the server address we connected to. */
  serverPtr: ptrEvidenceSchema.optional(),
  client: clientSideEvidenceSchema.optional(),
});
export type DnsEvidence = z.infer<typeof dnsEvidenceSchema>;

// ---------------------------------------------------------------- the whole run

/** What the user asked for, as a report shows it (no password: AUTH is shown by its user name). */
export const reportRequestSchema = z.object({
  domain: z.string().optional(),
  server: z.string().optional(),
  port: z.number().int().min(1).max(65535),
  security: z.enum(SECURITY_MODES),
  ehloName: z.string(),
  authUser: z.string().optional(),
  authMechanism: z.enum(AUTH_MECHANISMS).optional(),
  /** The saved password was kept from the run: where it was entered for, and where the profile points now. */
  authWithheld: z.object({ savedFor: z.string(), nowFor: z.string() }).optional(),
  from: z.string().optional(),
  to: z.array(z.string()),
  stopAfter: z.enum(STOP_STAGES).optional(),
  /** The IP version asked for (-4/-6, or one side of a run over both), and the source address to connect from. */
  family: z.union([z.literal(4), z.literal(6)]).optional(),
  sourceAddress: z.string().optional(),
});
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** The run was stopped before its end: by the user (Stop, Ctrl+C) or by its overall time budget. */
export const runInterruptionSchema = z.object({
  reason: z.enum(['cancelled', 'deadline']),
  /** The step that was running (or about to run) when it happened. */
  step: z.enum(STEP_IDS),
  /** The run's time budget in ms (active time: pauses in the wizard do not count). */
  deadlineMs: z.number().int().positive(),
});
export type RunInterruption = z.infer<typeof runInterruptionSchema>;

/** Everything the diagnosis reads; a report carries all of it (shared/report.ts extends this schema). */
export const runEvidenceSchema = z.object({
  /** ISO 8601 UTC */
  startedAt: z.string(),
  /** What the user asked for. */
  request: reportRequestSchema,
  dns: dnsEvidenceSchema,
  smtp: smtpEvidenceSchema.optional(),
  interrupted: runInterruptionSchema.optional(),
});
export type RunEvidence = z.infer<typeof runEvidenceSchema>;


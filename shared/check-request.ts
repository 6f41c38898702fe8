/**
 * A check request: everything one run of the wizard needs, from the CLI's flags or a saved profile.
 * The zod schema is the runtime check at every boundary (CLI, IPC, browser bridge); its rules for
 * names, addresses, ports and headers are input-rules.ts, the same the profile form shows.
 */
import * as z from 'zod';
import { DSN_NOTIFY, dsnNotifyProblem } from './dsn.ts';
import { hasPemCertificate } from './pem.ts';
import { addIssue, dnsServerProblem, domainProblem, ehloNameProblem, headerNameProblem, issueFrom, lineProblem, mailboxProblem, serverProblem, sourceAddressProblem, sourceFamilyProblem } from './input-rules.ts';
import { AUTH_MECHANISMS, SECURITY_MODES, STOP_STAGES } from './steps.ts';
import { RUN_DEADLINE_MS, TIMEOUT_LIMITS_MS, type TimeoutKey } from './timeout-limits.ts';
import { normalizeTlsPin, tlsPinProblem } from './tls-pin.ts';
import { defaultPort, type TargetKind } from './port-defaults.ts';

// Declared without zod (the renderer's first screen uses them); part of this module's contract.
export { DEFAULT_PORTS, DEFAULT_SUBJECT, MX_PORT, defaultPort, type TargetKind } from './port-defaults.ts';

const singleLine = (field: string, max: number) =>
  z
    .string()
    .max(max, `${field} is too long (at most ${max} characters)`)
    .refine((v) => !/[\r\n\0]/.test(v), `${field} must be a single line (no line breaks or NUL characters)`);

/** "ip", "ip:port", "[v6]:port" of a DNS server. */
export const dnsServerSchema = z.string().max(64, 'the DNS server must be an IP address, optionally with :port').superRefine(issueFrom(dnsServerProblem));

export const publicIpResolverSchema = z.object({ method: z.enum(['opendns', 'google']), server: dnsServerSchema });
export type PublicIpResolver = z.infer<typeof publicIpResolverSchema>;

/** A header as a saved profile holds it (checked when saved or run, not when profiles.json is read). */
export const storedHeaderSchema = z.tuple([z.string().max(76), singleLine('Header value', 900)]);
export const headerSchema = storedHeaderSchema.superRefine(([name, value], ctx) => {
  addIssue(ctx, [0], headerNameProblem(name));
  addIssue(ctx, [1], lineProblem('the header value')(value));
});

const timeoutMs = (key: TimeoutKey) => z.number().int().min(TIMEOUT_LIMITS_MS[key].min).max(TIMEOUT_LIMITS_MS[key].max);

export const timeoutsSchema = z
  .object({
    connect: timeoutMs('connect'),
    tlsHandshake: timeoutMs('tlsHandshake'),
    greeting: timeoutMs('greeting'),
    command: timeoutMs('command'),
    dataStart: timeoutMs('dataStart'),
    dataEnd: timeoutMs('dataEnd'),
    dns: timeoutMs('dns'),
  })
  .partial();

/** A saved password entered for another target (shared/secret-binding.ts), in words for the finding. */
export const authWithheldSchema = z.object({
  reason: z.literal('secret-rebound'),
  savedFor: singleLine('Saved for', 1000),
  nowFor: singleLine('Now for', 1000),
});
export type AuthWithheld = z.infer<typeof authWithheldSchema>;


export const checkRequestSchema = z
  .object({
    /** Domain whose MX is looked up (skipped when `server` is set). */
    domain: z.string().superRefine(issueFrom(domainProblem)).optional(),
    /** Host name or IP literal to connect to directly. */
    server: z.string().superRefine(issueFrom(serverProblem)).optional(),
    port: z.number().int('Port must be a whole number').min(1, 'Port must be 1-65535').max(65535, 'Port must be 1-65535').optional(),
    security: z.enum(SECURITY_MODES),
    tlsVerify: z.boolean().default(true),
    /** Extra trusted CA certificates (PEM). */
    ca: z.array(z.string().max(1_000_000).refine(hasPemCertificate, 'every extra CA must be a PEM certificate')).max(20).default([]),
    /** A certificate pin, "sha256:<hex>": only that certificate is trusted, and it is even when self-signed. */
    tlsPin: z.string().max(200).superRefine(issueFrom(tlsPinProblem)).transform((v) => normalizeTlsPin(v) ?? v).optional(),
    ehloName: z.string().superRefine(issueFrom(ehloNameProblem)),
    family: z.union([z.literal(0), z.literal(4), z.literal(6)]).default(0),
    /** The local address to connect from, on a machine with several (receive connectors are scoped by remote IP). */
    sourceAddress: z.string().max(45).superRefine(issueFrom(sourceAddressProblem)).optional(),
    auth: z
      .object({
        user: singleLine('User name', 512).min(1, 'the user name is empty').superRefine(issueFrom(lineProblem('the user name'))),
        // RFC 4616 §2: NUL separates the fields of AUTH PLAIN; a line break would end the AUTH line.
        password: z.string().max(16_384).refine((v) => !/[\r\n\0]/.test(v), 'the password contains a line break or NUL character'),
        mechanism: z.enum(AUTH_MECHANISMS).optional(),
        allowPlaintext: z.boolean().default(false),
        allowUnverifiedTls: z.boolean().default(false),
        /** The saved password was kept from this run (password ''): AUTH is refused with this reason. */
        withheld: authWithheldSchema.optional(),
      })
      .optional(),
    from: z.string().superRefine(issueFrom(mailboxProblem('from'))).optional(),
    to: z.array(z.string().superRefine(issueFrom(mailboxProblem('to')))).max(100, 'At most 100 recipients per test (RFC 5321 §4.5.3.1.8)').default([]),
    subject: singleLine('Subject', 900).superRefine(issueFrom(lineProblem('the subject'))).optional(),
    body: z.string().max(25 * 1024 * 1024, 'Body is larger than 25 MB').optional(),
    headers: z.array(headerSchema).max(50).default([]),
    dsnNotify: z
      .array(z.enum(DSN_NOTIFY))
      .superRefine((v, ctx) => {
        const problem = dsnNotifyProblem(v);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    stopAfter: z.enum(STOP_STAGES).optional(),
    /** Fast mode: the envelope pipelined (RFC 2920) when the server offers PIPELINING; an uninterrupted run only. */
    fast: z.boolean().optional(),
    dnsServer: dnsServerSchema.optional(),
    /** Empty array: do not discover the public IP. Undefined: the default public resolvers. */
    publicIpResolvers: z.array(publicIpResolverSchema).max(4).optional(),
    timeouts: timeoutsSchema.default({}),
    /** The run's time budget; RUN_DEADLINE_MS.default when absent. */
    deadlineMs: z.number().int().min(RUN_DEADLINE_MS.min).max(RUN_DEADLINE_MS.max).optional(),
  })
  .refine((r) => r.domain !== undefined || r.server !== undefined, { message: 'Give a domain (for an MX lookup) or a server', path: ['server'] })
  .refine((r) => r.to.length === 0 || r.from !== undefined, { message: 'Recipients need a From address', path: ['from'] })
  .superRefine((r, ctx) => {
    if (r.sourceAddress !== undefined) addIssue(ctx, ['sourceAddress'], sourceFamilyProblem(r.sourceAddress, r));
  });

export type CheckRequest = z.output<typeof checkRequestSchema>;
export type CheckRequestInput = z.input<typeof checkRequestSchema>;

/** Why a run uses its port: given by the user, 25 because it is an MX, or the usual one for the security mode. */
export const PORT_RULES = ['given', 'mx', 'security'] as const;
export type PortRule = (typeof PORT_RULES)[number];

/** The port a request connects to, and why (the report's target line says which rule chose it). */
export function requestPort(r: Pick<CheckRequest, 'port' | 'server' | 'security'>): { port: number; rule: PortRule } {
  if (r.port !== undefined) return { port: r.port, rule: 'given' };
  const kind: TargetKind = r.server === undefined ? 'domain' : 'host';
  return { port: defaultPort(r.security, kind), rule: kind === 'domain' ? 'mx' : 'security' };
}

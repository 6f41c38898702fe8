/**
 * What the diagnosis says about one wizard step, and the structured details each step carries for
 * the UI and `--json` (tables, capability lists). One schema per step, discriminated by the step's
 * id; details name evidence facts (shared/evidence.ts) by picking from their schemas.
 */
import * as z from 'zod';
import { certificateInfoSchema, DNS_OUTCOMES, mxEvidenceSchema, mxHostSchema, ptrEvidenceSchema, ptrForwardSchema, AUTH_SKIPPED_REASONS, tlsReportSchema } from './evidence.ts';
import { AUTH_MECHANISMS, SECURITY_MODES, STEP_STATUSES, type StepId } from './steps.ts';

const elapsedMs = z.number().nonnegative();

/** A command and its reply as received (null: no reply came). */
const recordDetailsSchema = z.object({ command: z.string(), reply: z.array(z.string()).nullable(), elapsedMs });
export type RecordDetails = z.infer<typeof recordDetailsSchema>;

const ptrDetailsSchema = ptrEvidenceSchema.pick({ address: true, reverseName: true, outcome: true, names: true, forwardConfirmed: true }).extend({ rows: z.array(ptrForwardSchema) });
export type PtrDetails = z.infer<typeof ptrDetailsSchema>;

const tlsDetailsSchema = tlsReportSchema.pick({ protocol: true, servername: true, authorized: true }).extend({
  cipher: z.string().nullable(),
  authorizationError: z.string().nullable(),
  inspectedAnyway: z.boolean(),
  // Defaults: a report saved in format 2 before pins and opportunistic TLS existed still loads.
  opportunistic: z.boolean().default(false),
  pin: tlsReportSchema.shape.pin.unwrap().nullable().default(null),
  chain: z.array(certificateInfoSchema.pick({ subject: true, issuer: true, subjectAltNames: true, validFrom: true, validTo: true, selfSigned: true, fingerprint256: true })),
});
export type TlsDetails = z.infer<typeof tlsDetailsSchema>;

const capabilityRowSchema = z.object({ keyword: z.string(), params: z.array(z.string()), meaning: z.string() });
export type CapabilityRow = z.infer<typeof capabilityRowSchema>;

/** The details of each step, by step id. */
export const STEP_DETAILS = {
  mx: mxEvidenceSchema.pick({ domain: true, asciiDomain: true, resolver: true, outcome: true, implicit: true, nullMx: true, truncated: true }).extend({
    rows: z.array(mxHostSchema.pick({ priority: true, exchange: true, addresses: true, addressOutcome: true, cname: true, invalid: true })),
  }),
  ptr: z.object({
    server: ptrDetailsSchema.optional(),
    /** Why the server's reverse DNS was not judged (a private or loopback address). */
    serverNote: z.string().optional(),
    client: z
      .object({
        publicIp: z.string().nullable(),
        publicIpSource: z.string().nullable(),
        publicIpOutcome: z.enum(DNS_OUTCOMES),
        seenByServer: z.string().nullable(),
        suggestedEhlo: z.string().nullable(),
        ptr: ptrDetailsSchema.optional(),
      })
      .optional(),
  }),
  connect: z.object({
    host: z.string(),
    port: z.number().int(),
    security: z.enum(SECURITY_MODES),
    remoteAddress: z.string().nullable(),
    localAddress: z.string().nullable(),
    /** Absent in reports from before it was recorded. */
    localPort: z.number().int().nullable().optional(),
    /** The source address asked for, when one was (--source-ip, the profile's Source address). */
    sourceAddress: z.string().optional(),
    family: z.union([z.literal(4), z.literal(6)]).nullable(),
  }),
  banner: z.object({ code: z.number().int(), text: z.array(z.string()), hostname: z.string(), elapsedMs }),
  ehlo: z.object({
    name: z.string(),
    heloFallback: z.boolean(),
    greeting: z.string().nullable(),
    capabilities: z.array(capabilityRowSchema),
    /** When EHLO was sent again after TLS: what the server offered before it. */
    capabilitiesBeforeTls: z.array(capabilityRowSchema).optional(),
  }),
  starttls: z.object({
    mode: z.enum(SECURITY_MODES),
    /** null: not known (plain text was asked and the server sent no capabilities). */
    offered: z.boolean().nullable().optional(),
    attempted: z.boolean().optional(),
    tls: tlsDetailsSchema.optional(),
  }),
  auth: z.object({
    offered: z.array(z.string()),
    mechanism: z.enum(AUTH_MECHANISMS).nullable(),
    user: z.string().nullable(),
    attempted: z.boolean(),
    ok: z.boolean(),
    skippedReason: z.enum(AUTH_SKIPPED_REASONS).nullable(),
    reply: z.array(z.string()).nullable(),
  }),
  mail: recordDetailsSchema,
  rcpt: z.object({
    accepted: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    transactions: z.number().int().positive(),
    rows: z.array(recordDetailsSchema.extend({ recipient: z.string(), accepted: z.boolean() })),
  }),
  data: z.object({
    queueId: z.string().nullable(),
    /** Queue ids of the transactions that carried the recipients a 452 deferred, in order. */
    moreQueueIds: z.array(z.string().nullable()),
    sizeOctets: z.number().int().nonnegative().nullable(),
    sizeLimit: z.number().nonnegative().nullable(),
    /** How the message went: DATA, or fast mode's one `BDAT <n> LAST` (RFC 3030). */
    command: z.enum(['DATA', 'BDAT']).optional(),
    start: recordDetailsSchema.nullable(),
    end: recordDetailsSchema.nullable(),
  }),
  quit: recordDetailsSchema,
} as const satisfies Record<StepId, z.ZodType>;

const stepBase = {
  status: z.enum(STEP_STATUSES),
  /** Wall time of the step in milliseconds (0 when skipped). */
  durationMs: z.number().nonnegative(),
  /** One line a tired admin can read: "220 mx.example.net ESMTP Postfix", "3 MX hosts". */
  summary: z.string(),
};

function stepSchema<I extends StepId, D extends (typeof STEP_DETAILS)[I]>(id: I, details: D) {
  return z.object({ id: z.literal(id), ...stepBase, details: z.optional(details) });
}

export const stepResultSchema = z.discriminatedUnion('id', [
  stepSchema('mx', STEP_DETAILS.mx),
  stepSchema('ptr', STEP_DETAILS.ptr),
  stepSchema('connect', STEP_DETAILS.connect),
  stepSchema('banner', STEP_DETAILS.banner),
  stepSchema('ehlo', STEP_DETAILS.ehlo),
  stepSchema('starttls', STEP_DETAILS.starttls),
  stepSchema('auth', STEP_DETAILS.auth),
  stepSchema('mail', STEP_DETAILS.mail),
  stepSchema('rcpt', STEP_DETAILS.rcpt),
  stepSchema('data', STEP_DETAILS.data),
  stepSchema('quit', STEP_DETAILS.quit),
]);
export type StepResult = z.infer<typeof stepResultSchema>;
/** The details of one step's result. */
export type StepDetails<I extends StepId> = z.infer<(typeof STEP_DETAILS)[I]>;

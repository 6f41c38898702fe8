import * as z from 'zod';
import { knownReplyLinkIdSchema } from './known-replies/link-id.ts';
import { STEP_IDS, type StepId } from './steps.ts';

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Every finding code the diagnosis can produce, with the step it belongs to and its usual severity.
 * The plain-language texts (message and hint) live in `findings.ts`, keyed by these codes.
 */
export const FINDING_CODES = {
  'dns.nxdomain': { step: 'mx', severity: 'error' },
  'dns.no-mx': { step: 'mx', severity: 'warning' },
  'dns.null-mx': { step: 'mx', severity: 'error' },
  'dns.mx-cname': { step: 'mx', severity: 'warning' },
  'dns.mx-unresolvable': { step: 'mx', severity: 'error' },
  'dns.timeout': { step: 'mx', severity: 'error' },
  'dns.servfail': { step: 'mx', severity: 'error' },
  'ptr.server-missing': { step: 'ptr', severity: 'warning' },
  'ptr.server-mismatch': { step: 'ptr', severity: 'warning' },
  'client.public-ip': { step: 'ptr', severity: 'info' },
  'ptr.client-missing': { step: 'ptr', severity: 'warning' },
  'ptr.client-mismatch': { step: 'ptr', severity: 'warning' },
  'ehlo.name-mismatch': { step: 'ehlo', severity: 'warning' },
  'connect.refused': { step: 'connect', severity: 'error' },
  'connect.timeout': { step: 'connect', severity: 'error' },
  'connect.unreachable': { step: 'connect', severity: 'error' },
  'connect.source-unavailable': { step: 'connect', severity: 'error' },
  'connect.source-family': { step: 'connect', severity: 'error' },
  'connect.family-split': { step: 'connect', severity: 'error' },
  'connect.family-missing': { step: 'connect', severity: 'info' },
  'banner.timeout': { step: 'banner', severity: 'error' },
  'banner.rejected': { step: 'banner', severity: 'error' },
  'banner.hostname-mismatch': { step: 'banner', severity: 'warning' },
  'banner.slow': { step: 'banner', severity: 'warning' },
  'tls.wrong-mode': { step: 'connect', severity: 'error' },
  'ehlo.helo-fallback': { step: 'ehlo', severity: 'warning' },
  'ehlo.rejected': { step: 'ehlo', severity: 'error' },
  'starttls.not-offered': { step: 'starttls', severity: 'warning' },
  'starttls.failed': { step: 'starttls', severity: 'error' },
  'starttls.injection': { step: 'starttls', severity: 'error' },
  'tls.cert-untrusted': { step: 'starttls', severity: 'error' },
  'tls.cert-expired': { step: 'starttls', severity: 'error' },
  'tls.cert-not-yet-valid': { step: 'starttls', severity: 'error' },
  'tls.cert-hostname-mismatch': { step: 'starttls', severity: 'error' },
  'tls.protocol-deprecated': { step: 'starttls', severity: 'warning' },
  'tls.pin-mismatch': { step: 'starttls', severity: 'error' },
  'tls.cert-pinned': { step: 'starttls', severity: 'info' },
  'tls.cert-unverified-mx': { step: 'starttls', severity: 'warning' },
  'auth.not-offered': { step: 'auth', severity: 'warning' },
  'auth.plaintext-refused': { step: 'auth', severity: 'error' },
  'auth.required': { step: 'mail', severity: 'error' },
  'auth.failed': { step: 'auth', severity: 'error' },
  'auth.mechanism-unsupported': { step: 'auth', severity: 'error' },
  'auth.password-rebound': { step: 'auth', severity: 'error' },
  'auth.smtp-auth-disabled': { step: 'auth', severity: 'error' },
  'auth.app-password-required': { step: 'auth', severity: 'error' },
  'mail.rejected': { step: 'mail', severity: 'error' },
  'rcpt.relay-denied': { step: 'rcpt', severity: 'error' },
  'rcpt.unknown-user': { step: 'rcpt', severity: 'error' },
  'rcpt.greylisted': { step: 'rcpt', severity: 'warning' },
  'rcpt.rejected': { step: 'rcpt', severity: 'error' },
  'rcpt.too-many': { step: 'rcpt', severity: 'info' },
  'rcpt.blocklisted': { step: 'rcpt', severity: 'error' },
  'rcpt.dmarc-rejected': { step: 'rcpt', severity: 'error' },
  'helo.not-fqdn': { step: 'ehlo', severity: 'error' },
  'connect.throttled': { step: 'connect', severity: 'warning' },
  'data.rejected': { step: 'data', severity: 'error' },
  'message.too-large': { step: 'data', severity: 'error' },
  'message.accepted': { step: 'data', severity: 'info' },
  'session.closed': { step: 'quit', severity: 'error' },
  'session.flood': { step: 'quit', severity: 'error' },
  'run.deadline': { step: 'quit', severity: 'error' },
  'protocol.error': { step: 'connect', severity: 'error' },
  'protocol.bare-lf': { step: 'banner', severity: 'warning' },
  timeout: { step: 'connect', severity: 'error' },
} as const satisfies Record<string, { step: StepId; severity: Severity }>;

export type FindingCode = keyof typeof FINDING_CODES;
export const FINDING_CODE_LIST = Object.keys(FINDING_CODES) as FindingCode[];

/**
 * Built on first use, not at import: a check makes findings without parsing any (only reading a
 * report back does), and this schema was ~2.5 ms of the CLI's start before it connects.
 */
function buildFindingSchema() {
  return z.object({
    code: z.enum(FINDING_CODE_LIST as [FindingCode, ...FindingCode[]]),
    severity: z.enum(SEVERITIES),
    /** The step the finding stands next to (may differ from the catalog default, e.g. `timeout` in `rcpt`). */
    step: z.enum(STEP_IDS),
    /** What happened, in plain words, with the concrete values of this run. */
    message: z.string(),
    /** What to do next, as the command line says it (it may name a flag). */
    hint: z.string(),
    /** The same advice for the app (desktop and browser), when `hint` names a flag: see hintFor in findings.ts. */
    uiHint: z.string().optional(),
    /** The server reply or value the finding is about, verbatim (rendered as text, never markup). */
    evidence: z.string().optional(),
    /**
     * The receiver's page when the finding came from its own wording (shared/known-replies): an id
     * and a title, never a URL. The app asks main to open the id; exports look the page up by id.
     * Optional, so reports from before it still read.
     */
    link: z.object({ id: knownReplyLinkIdSchema, title: z.string().max(300) }).optional(),
  });
}

let builtFindingSchema: ReturnType<typeof buildFindingSchema> | undefined;

/** The schema of one finding (report.ts reads reports back with it). */
export function findingSchema(): ReturnType<typeof buildFindingSchema> {
  builtFindingSchema ??= buildFindingSchema();
  return builtFindingSchema;
}

export type Finding = z.infer<ReturnType<typeof buildFindingSchema>>;
export type FindingLink = NonNullable<Finding['link']>;

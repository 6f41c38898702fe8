/**
 * Findings named by the reply's text: when a failing reply is a known receiver's own wording whose
 * cause deserves its own code (SMTP AUTH turned off, a blocklist, DMARC...), the same matcher as
 * `explain` (shared/known-replies) gives the code, the cause and the receiver's fix.
 */
import type { SmtpReply } from '../../../shared/evidence.ts';
import { parseReplyInput } from '../../../shared/explain.ts';
import type { Finding, FindingCode } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import { matchKnownReply } from '../../../shared/known-replies/match.ts';
import type { KnownReplyMatch } from '../../../shared/known-replies/types.ts';
import type { StepId } from '../../../shared/steps.ts';
import { replyLine, replyRaw } from './context.ts';

/** The codes only a receiver's wording can tell; the steps' own classification cannot. */
export const TEXT_FINDING_CODES = ['auth.smtp-auth-disabled', 'auth.app-password-required', 'rcpt.blocklisted', 'rcpt.dmarc-rejected', 'helo.not-fqdn', 'connect.throttled'] as const satisfies readonly FindingCode[];
type TextFindingCode = (typeof TEXT_FINDING_CODES)[number];

/** The reply read the way `explain` reads it (multi-line, repeated enhanced codes dropped). */
export function knownReplyOf(reply: SmtpReply): KnownReplyMatch | undefined {
  const parsed = parseReplyInput(reply.raw.join('\n'));
  if (parsed.text === undefined) return undefined;
  return matchKnownReply({ ...parsed, text: parsed.text });
}

function isTextFindingCode(code: FindingCode | undefined): code is TextFindingCode {
  return (TEXT_FINDING_CODES as readonly string[]).includes(code ?? '');
}

/**
 * The finding the reply's wording names, attached to the step where the reply came. A 4xx only
 * warns when the code's default does (a throttled sender retries); a 5xx is always an error.
 */
export function textFinding(reply: SmtpReply, step: StepId, values: Record<string, string> = {}): Finding | undefined {
  const m = knownReplyOf(reply);
  const code = m?.entry.finding;
  if (!m || !isTextFindingCode(code)) return undefined;
  const filled = { ...values, receiver: m.receiver, cause: m.cause, fix: m.fix.join(' '), link: m.link.url, reply: replyLine(reply) };
  return makeFinding(code, filled, { step, evidence: replyRaw(reply), ...(reply.code >= 500 ? { severity: 'error' as const } : {}) });
}

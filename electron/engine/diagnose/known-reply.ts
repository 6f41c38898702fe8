/**
 * Findings and receivers' wordings: every finding made from a server reply takes its evidence from
 * replyEvidence, so when the reply is a known receiver's own wording (the same matcher as
 * `explain`, shared/known-replies) the finding carries its cause, fix and page, whatever the code.
 * A cause that deserves its own code (SMTP AUTH turned off, a blocklist, DMARC...) gets it here.
 */
import type { SmtpReply } from '../../../shared/evidence.ts';
import { parseReplyInput } from '../../../shared/explain.ts';
import type { Finding, FindingCode } from '../../../shared/finding-codes.ts';
import { makeFinding, type KnownWording } from '../../../shared/findings.ts';
import { knownReplyLinkId } from '../../../shared/known-replies/link-id.ts';
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

function wordingOf(m: KnownReplyMatch): KnownWording {
  return { receiver: m.receiver, cause: m.cause, fix: m.fix, link: { id: knownReplyLinkId(m.entry.id, m.list?.id), title: m.link.title } };
}

/** A finding's evidence from a reply: the reply verbatim and, when its wording is known, what the table says. */
export function replyEvidence(reply: SmtpReply): { evidence: string; known?: KnownWording } {
  const m = knownReplyOf(reply);
  return m ? { evidence: replyRaw(reply), known: wordingOf(m) } : { evidence: replyRaw(reply) };
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
  const known = wordingOf(m);
  return makeFinding(code, { ...values, reply: replyLine(reply) }, { step, evidence: replyRaw(reply), known, ...(reply.code >= 500 ? { severity: 'error' as const } : {}) });
}

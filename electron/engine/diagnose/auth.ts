/**
 * The AUTH step (RFC 4954): why we did not try, or how the attempt went. The reply codes that
 * matter: 235 ok; 535 5.7.8 bad credentials; 534 5.7.9 mechanism too weak; 538 5.7.11 needs TLS;
 * 504 mechanism unknown; 454 4.7.0 temporary.
 */
import type { SmtpReply } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import type { StepDetails } from '../../../shared/step-result.ts';
import { AUTH_EXPOSURE_WITHOUT_TLS, type AuthMechanism } from '../../../shared/steps.ts';
import { replyLine, type AreaResult, type DiagnoseContext, type StepDraft } from './context.ts';
import { findingsForError } from './errors.ts';
import { replyEvidence, textFinding } from './known-reply.ts';

/**
 * A refused login whose cause may be the name's form: NTLM's own advice, or a DOMAIN\user name
 * sent by PLAIN or LOGIN as typed (Exchange takes it, most servers want the address).
 */
function credentialsVariant(mechanism: AuthMechanism | undefined, user: string | undefined): string | undefined {
  if (mechanism === 'NTLM') return 'ntlm';
  if ((mechanism === 'LOGIN' || mechanism === 'PLAIN') && user?.includes('\\')) return 'windowsName';
  return undefined;
}

export function diagnoseAuth(ctx: DiagnoseContext): AreaResult {
  const smtp = ctx.smtp;
  const auth = smtp?.auth;
  if (!smtp || !auth) return { steps: [], findings: [] };
  const request = ctx.evidence.request;
  const mechanism = auth.mechanism ?? request.authMechanism ?? 'the chosen method';
  const offered = auth.offered.length > 0 ? auth.offered.join(', ') : 'no methods';
  const details: StepDetails<'auth'> = {
    offered: auth.offered,
    mechanism: auth.mechanism ?? null,
    user: request.authUser ?? null,
    attempted: auth.attempted,
    ok: auth.ok,
    skippedReason: auth.skippedReason ?? null,
    reply: auth.reply ? auth.reply.raw : null,
  };
  const step = (status: StepDraft['status'], summary: string): StepDraft => ({ id: 'auth', status, durationMs: auth.elapsedMs, summary, details });

  if (!auth.attempted) {
    switch (auth.skippedReason) {
      case 'no-credentials':
        return { steps: [{ ...step('skipped', `No credentials given; server offers ${offered}`), durationMs: 0 }], findings: [] };
      case 'not-offered': {
        // Credentials were given, so the user asked for AUTH: not being able to try is a failure.
        const wanted = request.authUser !== undefined;
        const tlsSkipped = smtp.tls === undefined && smtp.starttls?.offered === true;
        const finding = makeFinding('auth.not-offered', { port: smtp.target.port }, { ...(tlsSkipped ? { variant: 'beforeTls' } : {}), ...(wanted ? { severity: 'error' as const } : {}) });
        return { steps: [step(wanted ? 'fail' : 'warn', tlsSkipped ? 'No AUTH offered before STARTTLS' : 'The server offers no AUTH')], findings: [finding] };
      }
      case 'mechanism-unsupported':
        return { steps: [step('fail', `${mechanism} not offered (server offers ${offered})`)], findings: [makeFinding('auth.mechanism-unsupported', { offered, mechanism })] };
      case 'plaintext-refused': {
        // The words fit the mechanism: a readable password, a token to replay, or an answer to crack offline.
        const exposure = auth.mechanism ? AUTH_EXPOSURE_WITHOUT_TLS[auth.mechanism] : 'readable';
        const finding = makeFinding('auth.plaintext-refused', { mechanism }, exposure === 'readable' ? {} : { variant: exposure });
        return { steps: [step('fail', 'Login not tried over an unencrypted connection')], findings: [finding] };
      }
      case 'tls-unverified':
        return { steps: [step('fail', 'Password not sent: certificate not verified')], findings: [makeFinding('auth.plaintext-refused', { mechanism }, { variant: 'tlsUnverified' })] };
      case 'secret-rebound': {
        const w = request.authWithheld;
        return { steps: [step('fail', 'Saved password not sent: the profile changed since it was entered')], findings: [makeFinding('auth.password-rebound', { savedFor: w?.savedFor, nowFor: w?.nowFor })] };
      }
      default: {
        // Any other reason AUTH was asked for and not done: the run stopped before MAIL, so the step fails.
        const why = smtp.error?.phase === 'auth' ? smtp.error.message : `AUTH not attempted (${auth.skippedReason ?? 'unknown reason'})`;
        return { steps: [step('fail', why)], findings: [] };
      }
    }
  }
  if (auth.ok) return { steps: [step('pass', `Authenticated as ${request.authUser ?? '(user)'} with ${mechanism}`)], findings: [] };

  const findings: Finding[] = [];
  if (auth.error) findings.push(...findingsForError(auth.error, ctx, auth.elapsedMs));
  const reply = auth.reply;
  if (reply) {
    const values = { user: request.authUser ?? '(user)', mechanism, reply: replyLine(reply) };
    findings.push(refusedLoginFinding(reply, values, auth.mechanism, request.authUser));
  }
  const summary = reply ? replyLine(reply) : (auth.error?.message ?? 'Authentication failed');
  return { steps: [step('fail', summary)], findings };
}

/** What a refused login means, from the receiver's wording first, then the reply and enhanced codes. */
function refusedLoginFinding(reply: SmtpReply, values: { user: string; mechanism: string; reply: string }, mechanism: AuthMechanism | undefined, user: string | undefined): Finding {
  const evidence = replyEvidence(reply);
  const failed = (variant?: string) => makeFinding('auth.failed', values, { ...evidence, ...(variant ? { variant } : {}) });
  // The receiver's wording first: Gmail's 534 5.7.9 is an app password, not a weak mechanism.
  const named = textFinding(reply, 'auth', values);
  if (named) return named;
  if (reply.code === 504 || reply.code === 534 || reply.enhanced === '5.7.9') return makeFinding('auth.mechanism-unsupported', values, { variant: 'rejected', ...evidence });
  if (reply.code === 538 || reply.enhanced === '5.7.11' || reply.enhanced === '5.7.10') return makeFinding('auth.plaintext-refused', values, { variant: 'serverRefused', ...evidence });
  if (reply.code === 432 || reply.enhanced === '4.7.12') return failed('transition');
  if (reply.code === 525 || reply.enhanced === '5.7.13') return failed('disabled');
  // 454 4.7.0 and friends: nothing wrong with the credentials as far as we know (RFC 4954 §6).
  if (reply.code >= 400 && reply.code < 500) return failed('temporary');
  return failed(credentialsVariant(mechanism, user));
}

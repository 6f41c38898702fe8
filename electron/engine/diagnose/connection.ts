/**
 * The connect and banner steps: TCP connection, the 220 greeting, its speed, and the name in it.
 */
import type { SmtpReply } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import type { StepDetails } from '../../../shared/step-result.ts';
import { formatMs, normalizeName, replyLine, replyRaw, type AreaResult, type DiagnoseContext, type StepDraft } from './context.ts';
import { isNonPublicAddress } from './client-side.ts';
import { findingsForError } from './errors.ts';
import { replyEvidence, textFinding } from './known-reply.ts';

export function diagnoseConnect(ctx: DiagnoseContext): AreaResult {
  const smtp = ctx.smtp;
  if (!smtp) return { steps: [], findings: [] };
  const { host, port, security, remoteAddress, localAddress, localPort, sourceAddress, family } = smtp.target;
  const details: StepDetails<'connect'> = {
    host,
    port,
    security,
    remoteAddress: remoteAddress ?? null,
    localAddress: localAddress ?? null,
    localPort: localPort ?? null,
    ...(sourceAddress !== undefined ? { sourceAddress } : {}),
    family: family ?? null,
  };
  const connect = smtp.connect;
  if (!connect) {
    // Name resolution of the target failed before any connection attempt.
    if (smtp.error?.phase === 'dns' || smtp.error?.phase === 'connect') {
      const step: StepDraft = { id: 'connect', status: 'fail', durationMs: 0, summary: smtp.error.message, details };
      return { steps: [step], findings: findingsForError(smtp.error, ctx) };
    }
    return { steps: [], findings: [] };
  }
  if (connect.ok) {
    const to = remoteAddress !== undefined && remoteAddress !== host ? `${host} [${remoteAddress}]` : host;
    const from = localAddress !== undefined ? ` from ${localAddress}${localPort !== undefined ? ` port ${localPort}` : ''}` : '';
    return { steps: [{ id: 'connect', status: 'pass', durationMs: connect.elapsedMs, summary: `Connected to ${to} port ${port}${from} ${connectTime(connect)}`, details }], findings: [] };
  }
  const findings = connect.error ? findingsForError(connect.error, ctx, connect.elapsedMs) : [];
  const summary = connect.error?.message ?? `Could not connect to ${host} port ${port}`;
  return { steps: [{ id: 'connect', status: 'fail', durationMs: connect.elapsedMs, summary, details }], findings };
}

/** First word of the greeting, where RFC 5321 §4.3.1 puts the server's domain. */
function bannerHostname(reply: SmtpReply): string {
  return (reply.lines[0] ?? '').trim().split(/\s+/)[0] ?? '';
}

function hostnameMismatch(ctx: DiagnoseContext, reply: SmtpReply): Finding | undefined {
  const ptr = ctx.evidence.dns.serverPtr;
  if (!ptr || ptr.names.length === 0 || isNonPublicAddress(ptr.address)) return undefined;
  const bannerName = bannerHostname(reply);
  const names = ptr.names.map(normalizeName);
  if (names.includes(normalizeName(bannerName))) return undefined;
  return makeFinding('banner.hostname-mismatch', { banner: bannerName || '(no name)', address: ptr.address, names: names.join(', ') }, { evidence: replyRaw(reply) });
}

/** Ports where the server waits for a TLS handshake before greeting (RFC 8314 §3.3: 465). */
const IMPLICIT_TLS_PORTS = [465];

/**
 * A plaintext client on an implicit-TLS port sees silence and then a hang-up: the server waits
 * for our TLS ClientHello, we wait for its 220. Say so rather than "no greeting": on any port whose
 * TLS handshake succeeded after the silence (smtp.tlsProbe), on 465 from the port alone.
 */
export function silentTlsPort(ctx: DiagnoseContext): Finding | undefined {
  const smtp = ctx.smtp;
  const error = smtp?.banner?.error;
  if (!smtp || !error || smtp.target.security === 'implicit') return undefined;
  const what = error.code === 'ETIMEDOUT' ? 'stayed silent' : error.code === 'ECLOSED' || error.code === 'ECONNRESET' ? 'hung up' : undefined;
  if (what === undefined) return undefined;
  const port = smtp.target.port;
  if (smtp.tlsProbe?.answered) {
    const how = smtp.tlsProbe.protocol ?? smtp.tlsProbe.error ?? 'TLS';
    return makeFinding('tls.wrong-mode', { port, what }, { variant: 'firstByte', evidence: `${error.message}; TLS handshake on port ${port}: ${how}` });
  }
  if (!IMPLICIT_TLS_PORTS.includes(port)) return undefined;
  return makeFinding('tls.wrong-mode', { port, what }, { variant: 'silent', evidence: error.message });
}

export function diagnoseBanner(ctx: DiagnoseContext): AreaResult {
  const banner = ctx.smtp?.banner;
  if (!banner) return { steps: [], findings: [] };
  const findings: Finding[] = [];
  const wrongMode = silentTlsPort(ctx);
  if (banner.error && wrongMode) {
    return { steps: [{ id: 'banner', status: 'fail', durationMs: banner.elapsedMs, summary: banner.error.message }], findings: [wrongMode] };
  }
  if (banner.error) {
    findings.push(...findingsForError(banner.error, ctx, banner.elapsedMs));
    return { steps: [{ id: 'banner', status: 'fail', durationMs: banner.elapsedMs, summary: banner.error.message }], findings };
  }
  const reply = banner.reply;
  if (!reply) return { steps: [{ id: 'banner', status: 'fail', durationMs: banner.elapsedMs, summary: 'No greeting received' }], findings };
  const details: StepDetails<'banner'> = { code: reply.code, text: reply.raw, hostname: bannerHostname(reply), elapsedMs: banner.elapsedMs };
  if (reply.code !== 220) {
    // A receiver's own wording (a blocklist, a busy or rate-limited receiver) names the cause.
    findings.push(textFinding(reply, 'banner') ?? makeFinding('banner.rejected', { code: reply.code, text: replyLine(reply) }, replyEvidence(reply)));
    return { steps: [{ id: 'banner', status: 'fail', durationMs: banner.elapsedMs, summary: replyLine(reply), details }], findings };
  }
  if (banner.elapsedMs > ctx.slowBannerMs) {
    findings.push(makeFinding('banner.slow', { elapsed: formatMs(banner.elapsedMs), limit: formatMs(ctx.slowBannerMs) }, { evidence: replyRaw(reply) }));
  }
  const mismatch = hostnameMismatch(ctx, reply);
  if (mismatch) findings.push(mismatch);
  return { steps: [{ id: 'banner', status: 'pass', durationMs: banner.elapsedMs, summary: replyLine(reply), details }], findings };
}

/** An early dial's connect was seen only when the run got to it (smtp/early-dial.ts): its time is a bound. */
function connectTime(connect: { elapsedMs: number; dialledEarly?: true }): string {
  return connect.dialledEarly ? `in at most ${formatMs(connect.elapsedMs)} (dialled early with --fast)` : `in ${formatMs(connect.elapsedMs)}`;
}

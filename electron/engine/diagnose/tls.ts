/**
 * TLS findings: certificate verification codes, deprecated protocol versions, wrong TLS mode.
 * The engine reports OpenSSL/Node codes in `EngineError.cause` (handshake refused) or in
 * `TlsReport.authorizationError` (the user chose "inspect anyway").
 */
import type { EngineError, SmtpEvidence, TlsReport } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import type { TlsDetails } from '../../../shared/step-result.ts';
import type { Severity } from '../../../shared/finding-codes.ts';
import { pinOfFingerprint } from '../../../shared/tls-pin.ts';
import { serverName, type DiagnoseContext } from './context.ts';

/** Plain reasons for the "not trusted" family of verification codes. */
const UNTRUSTED_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a root certificate we do not trust (an internal or private CA?)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer could not be verified; the server probably does not send its intermediate certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not in our trust store (a missing intermediate certificate or an internal CA)',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer certificate could not be found',
  CERT_UNTRUSTED: 'it is not trusted for this purpose',
  CERT_SIGNATURE_FAILURE: 'its signature is invalid',
  CERT_REVOKED: 'it has been revoked',
  CERT_CHAIN_TOO_LONG: 'its chain is too long',
  INVALID_CA: 'an issuer in its chain is not a valid CA',
  EE_KEY_TOO_SMALL: 'its key is too weak (RSA under 2048 bits, disallowed since 2013): a new certificate with a 2048-bit or larger key is needed',
};

const PROTOCOL_REFUSED = ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'UNSUPPORTED_PROTOCOL'];
const DEPRECATED_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

function certNames(report: TlsReport | undefined): string {
  const leaf = report?.chain[0];
  if (!leaf) return 'other names';
  const sans = leaf.subjectAltNames.map((s) => s.replace(/^(DNS|IP Address):/, ''));
  if (sans.length > 0) return sans.join(', ');
  const cn = /CN=([^,]+)/.exec(leaf.subject);
  return cn?.[1] ?? leaf.subject;
}

function wrongModeFinding(cause: string, smtp: SmtpEvidence, evidence?: string): Finding | undefined {
  const { port, security } = smtp.target;
  const extra = evidence !== undefined ? { evidence } : {};
  if (cause === 'TLS_ON_PLAINTEXT_PORT') {
    return makeFinding(
      'tls.wrong-mode',
      { port, mode: security === 'none' ? 'plain text' : 'plain text and STARTTLS', serverMode: 'TLS right away (implicit TLS, like port 465)' },
      extra,
    );
  }
  if (cause === 'PLAINTEXT_ON_TLS_PORT') {
    return makeFinding('tls.wrong-mode', { port, mode: 'implicit TLS', serverMode: 'plain text (it expects STARTTLS)' }, extra);
  }
  return undefined;
}

/**
 * The finding for one verification or handshake code, or undefined when the code is not a TLS one.
 * `severity` is 'error' when the handshake was refused, 'warning' when the user inspected anyway.
 */
export function findingForTlsCause(cause: string, ctx: DiagnoseContext, report: TlsReport | undefined, severity: Severity, reason?: string): Finding | undefined {
  const smtp = ctx.smtp;
  if (!smtp) return undefined;
  const wrongMode = wrongModeFinding(cause, smtp, reason);
  if (wrongMode) return wrongMode;
  const host = report?.servername ?? serverName(ctx);
  const leaf = report?.chain[0];
  const evidence = reason !== undefined ? { evidence: reason } : {};
  if (cause === 'CERT_HAS_EXPIRED') return makeFinding('tls.cert-expired', { host, validTo: leaf?.validTo }, { severity, ...evidence });
  if (cause === 'CERT_NOT_YET_VALID') return makeFinding('tls.cert-not-yet-valid', { host, validFrom: leaf?.validFrom }, { severity, ...evidence });
  if (cause === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return makeFinding('tls.cert-hostname-mismatch', { host, names: certNames(report) }, { severity, ...evidence });
  }
  if (cause === 'PIN_MISMATCH') {
    const got = leaf ? pinOfFingerprint(leaf.fingerprint256) : 'unknown';
    return makeFinding('tls.pin-mismatch', { host, got, expected: report?.pin?.expected ?? 'unknown' }, { severity, ...evidence });
  }
  const untrusted = UNTRUSTED_REASONS[cause];
  if (untrusted) return makeFinding('tls.cert-untrusted', { host, reason: untrusted }, { severity, ...evidence });
  if (PROTOCOL_REFUSED.some((code) => cause.includes(code))) {
    return makeFinding('tls.protocol-deprecated', { reason: reason ?? cause }, { variant: 'refused', severity: 'error', ...evidence });
  }
  return undefined;
}

/** Findings for a TLS-related engine error (ETLS, or EPROTO with a wrong-mode cause). */
export function findingsForTlsError(error: EngineError, ctx: DiagnoseContext): Finding[] {
  const cause = error.cause;
  if (cause !== undefined) {
    const finding = findingForTlsCause(cause, ctx, ctx.smtp?.tls, 'error', error.message);
    if (finding) return [finding];
  }
  if (error.code === 'ETLS') {
    return [makeFinding('starttls.failed', { reason: error.message }, { evidence: cause ?? error.message })];
  }
  return [];
}

/** Findings from the TLS report of a session that got through the handshake. */
export function findingsForTlsReport(ctx: DiagnoseContext, alreadyReported: Set<string>): Finding[] {
  const report = ctx.smtp?.tls;
  if (!report) return [];
  const findings: Finding[] = [];
  const cause = report.authorizationError;
  const host = report.servername ?? serverName(ctx);
  if (report.pin?.matched && report.pin.overrode !== undefined) {
    findings.push(makeFinding('tls.cert-pinned', { host, reason: UNTRUSTED_REASONS[report.pin.overrode] ?? report.pin.overrode }, { evidence: report.pin.overrode }));
  }
  if (report.opportunistic && cause !== undefined) {
    const reason = UNTRUSTED_REASONS[cause] ?? report.authorizationMessage ?? cause;
    findings.push(makeFinding('tls.cert-unverified-mx', { host, reason }, { evidence: cause }));
  } else if (!report.authorized && cause !== undefined && !alreadyReported.has(cause)) {
    // The handshake went on because the user chose "inspect anyway": the problem is real, but it was
    // looked past on purpose, so it warns instead of failing the run.
    const severity: Severity = report.inspectedAnyway ? 'warning' : 'error';
    const finding = findingForTlsCause(cause, ctx, report, severity, report.authorizationMessage ?? cause);
    findings.push(finding ?? makeFinding('tls.cert-untrusted', { host, reason: report.authorizationMessage ?? cause }, { severity, evidence: cause }));
  }
  if (report.protocol !== null && DEPRECATED_PROTOCOLS.includes(report.protocol)) {
    findings.push(makeFinding('tls.protocol-deprecated', { protocol: report.protocol }, { evidence: report.protocol }));
  }
  return findings;
}

/** A one-line TLS summary for the step: "TLSv1.3, TLS_AES_256_GCM_SHA384, certificate trusted". */
export function tlsSummary(report: TlsReport): string {
  const parts = [report.protocol ?? 'unknown protocol'];
  if (report.cipher) parts.push(report.cipher.name);
  parts.push(report.authorized ? (report.pin?.matched ? 'certificate trusted by its pin' : 'certificate trusted') : `certificate NOT trusted (${report.authorizationError ?? 'unknown reason'})`);
  return parts.join(', ');
}

export function tlsDetails(report: TlsReport): TlsDetails {
  return {
    protocol: report.protocol,
    cipher: report.cipher?.name ?? null,
    servername: report.servername,
    authorized: report.authorized,
    authorizationError: report.authorizationError ?? null,
    inspectedAnyway: report.inspectedAnyway ?? false,
    opportunistic: report.opportunistic ?? false,
    pin: report.pin ?? null,
    chain: report.chain.map((c) => ({
      subject: c.subject,
      issuer: c.issuer,
      subjectAltNames: c.subjectAltNames,
      validFrom: c.validFrom,
      validTo: c.validTo,
      selfSigned: c.selfSigned,
      fingerprint256: c.fingerprint256,
    })),
  };
}

/**
 * Turns a connected TLSSocket into the plain-JSON TlsReport of shared/evidence.ts:
 * protocol, cipher, every certificate of the chain, authorized or the exact reason not.
 */
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import type { CertificateInfo, TlsReport } from '../../../shared/evidence.ts';
import { pinMatches, pinOfFingerprint } from '../../../shared/tls-pin.ts';

/** Plain-language text for the verification codes admins meet most. */
const AUTHORIZATION_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the issuer of the certificate is unknown (incomplete chain or private CA)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the certificate is unknown (incomplete chain or private CA)',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of the certificate could not be found',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
  CERT_REVOKED: 'the certificate was revoked',
  CERT_SIGNATURE_FAILURE: 'the certificate signature does not verify',
  EE_KEY_TOO_SMALL: 'the certificate key is too weak (RSA under 2048 bits)',
  PIN_MISMATCH: 'the certificate is not the pinned one',
};

/** Our own code for "the certificate is not the pinned one" (OpenSSL has none). */
export const PIN_MISMATCH = 'PIN_MISMATCH';

/**
 * RSA and DSA keys under 2048 bits are weak (NIST SP 800-131A has disallowed 1024-bit RSA since
 * 2013). OpenSSL at security level 2 refuses them as EE_KEY_TOO_SMALL, but Node's default level
 * accepts them, so the check is made here and reported under OpenSSL's own code.
 */
const MIN_RSA_BITS = 2048;

function isWeakKey(publicKey: string | undefined): boolean {
  const m = /^(RSA|RSA-PSS|DSA) (\d+)$/.exec(publicKey ?? '');
  return m !== null && Number(m[2]) < MIN_RSA_BITS;
}

export function authorizationMessage(code: string): string {
  return AUTHORIZATION_MESSAGES[code] ?? `certificate verification failed (${code})`;
}

/** "CN=mx.example.net, O=Example" from Node's subject/issuer object (values may be arrays). */
export function distinguishedName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(name)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${key}=${v}`);
  }
  return parts.join(', ');
}

function isoDate(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

function publicKeyText(cert: PeerCertificate): string | undefined {
  try {
    const key = new X509Certificate(cert.raw).publicKey;
    const details = key.asymmetricKeyDetails;
    const type = (key.asymmetricKeyType ?? 'unknown').toUpperCase();
    if (details?.modulusLength) return `${type} ${details.modulusLength}`;
    if (details?.namedCurve) return `${type} ${details.namedCurve}`;
    return type;
  } catch {
    // An unparsable certificate still gets the other fields; the key text is optional.
    return cert.bits ? `${cert.bits} bits` : undefined;
  }
}

function pemText(cert: PeerCertificate): string | undefined {
  try {
    return new X509Certificate(cert.raw).toString();
  } catch {
    // An unparsable certificate still gets the other fields.
    return undefined;
  }
}

function isSelfSigned(cert: PeerCertificate): boolean {
  try {
    const x = new X509Certificate(cert.raw);
    // Not checkIssued(): OpenSSL also demands keyCertSign there, which many self-signed leaves lack.
    return x.subject === x.issuer && x.verify(x.publicKey);
  } catch {
    return distinguishedName(cert.subject as never) === distinguishedName(cert.issuer as never);
  }
}

export function certificateInfo(cert: PeerCertificate): CertificateInfo {
  const info: CertificateInfo = {
    subject: distinguishedName(cert.subject as never),
    issuer: distinguishedName(cert.issuer as never),
    subjectAltNames: cert.subjectaltname ? cert.subjectaltname.split(/,\s*/).filter(Boolean) : [],
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    selfSigned: isSelfSigned(cert),
  };
  const key = publicKeyText(cert);
  if (key !== undefined) info.publicKey = key;
  const pem = pemText(cert);
  if (pem !== undefined) info.pem = pem;
  return info;
}

/** Leaf first; stops at the self-issued root (Node links it to itself) and after 10 links. */
export function peerChain(socket: TLSSocket): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.raw && !seen.has(cert.fingerprint256) && chain.length < 10) {
    seen.add(cert.fingerprint256);
    chain.push(certificateInfo(cert));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** What the caller decided about this handshake (connection.ts's TlsPolicy, as the report needs it). */
export interface ReportPolicy {
  /** false: go on when verification fails (inspect anyway, or opportunistic). */
  verify: boolean;
  /** Going on without verification is opportunistic STARTTLS to an MX, not the user's "inspect anyway". */
  opportunistic?: boolean;
  /** A certificate pin (shared/tls-pin.ts): the leaf must be exactly this certificate. */
  pin?: string;
}

/**
 * A pin replaces the chain check: the pinned certificate is trusted whatever its issuer, names or
 * dates (the admin checked it and trusted it for this profile), and any other certificate is not,
 * even one a public CA signed.
 */
function applyPin(report: TlsReport, pin: string): void {
  const leaf = report.chain[0];
  const matched = leaf !== undefined && pinMatches(pin, leaf.fingerprint256);
  report.pin = { expected: pin, matched };
  if (matched) {
    if (report.authorizationError !== undefined) report.pin.overrode = report.authorizationError;
    report.authorized = true;
    delete report.authorizationError;
    delete report.authorizationMessage;
  } else {
    report.authorized = false;
    report.authorizationError = PIN_MISMATCH;
    report.authorizationMessage = authorizationMessage(PIN_MISMATCH);
  }
}

/** The report of a completed handshake. `servername` is the SNI we sent (null for IP literals). */
export function buildTlsReport(socket: TLSSocket, servername: string | null, policy: ReportPolicy): TlsReport {
  const cipher = socket.getCipher();
  const chain = peerChain(socket);
  const weak = isWeakKey(chain[0]?.publicKey);
  const report: TlsReport = {
    protocol: socket.getProtocol() ?? null,
    cipher: cipher ? { name: cipher.name, standardName: cipher.standardName, version: cipher.version } : null,
    servername,
    authorized: socket.authorized && !weak,
    chain,
  };
  if (!report.authorized) {
    const reason = !socket.authorized && socket.authorizationError ? String(socket.authorizationError) : weak ? 'EE_KEY_TOO_SMALL' : 'UNKNOWN';
    report.authorizationError = reason;
    report.authorizationMessage = authorizationMessage(reason);
  }
  if (policy.pin !== undefined) applyPin(report, policy.pin);
  if (!report.authorized && !policy.verify) {
    if (policy.opportunistic) report.opportunistic = true;
    else report.inspectedAnyway = true;
  }
  return report;
}

function verdictLine(report: TlsReport): string {
  const pin = report.pin;
  if (report.authorized) {
    return pin?.matched ? `certificate trusted by its pin: it is the pinned certificate (${pin.expected})` : 'certificate verified (chain and host name)';
  }
  const why = pin && !pin.matched ? `pinned ${pin.expected}, got ${pinOfFingerprint(report.chain[0]?.fingerprint256 ?? '')}` : report.authorizationMessage;
  const goingOn = report.inspectedAnyway
    ? '; going on because "inspect anyway" was chosen'
    : report.opportunistic
      ? '; going on as sending servers do on port 25 (opportunistic TLS)'
      : '';
  return `certificate NOT verified: ${report.authorizationError} (${why})${goingOn}`;
}

/** Short lines for the transcript ('tls' direction). */
export function tlsTranscriptLines(report: TlsReport): string[] {
  const lines = [`TLS handshake done: ${report.protocol ?? '?'} ${report.cipher?.standardName ?? report.cipher?.name ?? ''}`.trim()];
  const leaf = report.chain[0];
  if (leaf) lines.push(`certificate: ${leaf.subject} (issuer: ${leaf.issuer}; valid ${leaf.validFrom} to ${leaf.validTo})`);
  lines.push(verdictLine(report));
  return lines;
}

/**
 * Turns a connected TLSSocket into the plain-JSON TlsReport of shared/evidence.ts:
 * protocol, cipher, every certificate of the chain, authorized or the exact reason not.
 */
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from 'node:tls';
import type { CertificateInfo, TlsReport } from '../../../shared/evidence.ts';

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
};

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

/** The report of a completed handshake. `servername` is the SNI we sent (null for IP literals). */
export function buildTlsReport(socket: TLSSocket, servername: string | null, inspectedAnyway: boolean): TlsReport {
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
    if (inspectedAnyway) report.inspectedAnyway = true;
  }
  return report;
}

/** Short lines for the transcript ('tls' direction). */
export function tlsTranscriptLines(report: TlsReport): string[] {
  const lines = [`TLS handshake done: ${report.protocol ?? '?'} ${report.cipher?.standardName ?? report.cipher?.name ?? ''}`.trim()];
  const leaf = report.chain[0];
  if (leaf) lines.push(`certificate: ${leaf.subject} (issuer: ${leaf.issuer}; valid ${leaf.validFrom} to ${leaf.validTo})`);
  lines.push(
    report.authorized
      ? 'certificate verified (chain and host name)'
      : `certificate NOT verified: ${report.authorizationError} (${report.authorizationMessage})${report.inspectedAnyway ? '; going on because "inspect anyway" was chosen' : ''}`,
  );
  return lines;
}

/**
 * The one test of "is this a PEM certificate", for the profile's trusted CA, the CLI's --ca files,
 * the check request and the engine: a complete BEGIN/END CERTIFICATE block (RFC 7468 §5). Text
 * around it (openssl's "Bag Attributes", comments) is allowed, as RFC 7468 §2 tells parsers to.
 */
export const PEM_CERTIFICATE_BEGIN = '-----BEGIN CERTIFICATE-----';

export function hasPemCertificate(text: string): boolean {
  return /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text);
}

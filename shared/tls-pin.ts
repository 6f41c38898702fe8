/**
 * A certificate pin: the SHA-256 fingerprint of the server's own certificate, written
 * "sha256:<64 hex digits>". Declared once for the CLI's --tls-pin, the check request, the profile
 * and the engine. Input may use upper or lower case and colons (as `openssl x509 -fingerprint
 * -sha256` and Node print it); the stored form is lower case without colons.
 */
export const TLS_PIN_PREFIX = 'sha256:';

const PIN_EXAMPLE = 'sha256: followed by the 64 hex digits of the certificate\'s SHA-256 fingerprint';

/** The stored form of a pin, or undefined when the text is not one. */
export function normalizeTlsPin(text: string): string | undefined {
  const t = text.trim();
  if (!t.toLowerCase().startsWith(TLS_PIN_PREFIX)) return undefined;
  const hex = t.slice(TLS_PIN_PREFIX.length).replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? `${TLS_PIN_PREFIX}${hex}` : undefined;
}

/** Why the text is not a pin, in the words every host shows; undefined when it is one. */
export function tlsPinProblem(text: string): string | undefined {
  return normalizeTlsPin(text) === undefined ? `a certificate pin is ${PIN_EXAMPLE}` : undefined;
}

/** The pin of a certificate from Node's `fingerprint256` ("AB:CD:…"). */
export function pinOfFingerprint(fingerprint256: string): string {
  return `${TLS_PIN_PREFIX}${fingerprint256.replace(/:/g, '').toLowerCase()}`;
}

/** Whether a certificate with this `fingerprint256` is the pinned one. */
export function pinMatches(pin: string, fingerprint256: string): boolean {
  return normalizeTlsPin(pin) === pinOfFingerprint(fingerprint256);
}

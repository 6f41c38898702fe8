/**
 * Plain-language meaning of the EHLO keywords admins see (RFC 5321 §4.1.1.1 and the extension RFCs),
 * so the EHLO step can show "SIZE 10240000 — largest message the server accepts: 9.8 MiB".
 */

export const CAPABILITY_MEANINGS: Record<string, string> = {
  PIPELINING: 'The client may send several commands without waiting for each reply (RFC 2920).',
  SIZE: 'Largest message the server accepts; the client may declare the size in MAIL FROM (RFC 1870).',
  VRFY: 'The server answers VRFY, which checks whether an address exists (often disabled to stop address harvesting).',
  EXPN: 'The server answers EXPN, which lists the members of a mailing list.',
  ETRN: 'A backup server can be asked to flush its queue for a domain (RFC 1985).',
  STARTTLS: 'The connection can be upgraded to encrypted TLS with the STARTTLS command (RFC 3207).',
  ENHANCEDSTATUSCODES: 'Replies carry detailed codes like 5.1.1 after the three-digit code (RFC 2034, RFC 3463).',
  '8BITMIME': 'The server accepts 8-bit text (e.g. UTF-8 bodies) without re-encoding (RFC 6152).',
  BINARYMIME: 'The server accepts binary message bodies, used with CHUNKING (RFC 3030).',
  CHUNKING: 'The message can be sent in chunks with BDAT instead of DATA (RFC 3030).',
  DSN: 'Delivery status notifications can be requested per recipient (NOTIFY=SUCCESS,FAILURE) (RFC 3461).',
  AUTH: 'The server accepts a login with the listed methods (RFC 4954).',
  SMTPUTF8: 'Addresses and headers may contain non-ASCII characters (RFC 6531).',
  HELP: 'The server answers HELP with usage information.',
  DELIVERBY: 'The client may ask for delivery within a time limit (RFC 2852).',
  REQUIRETLS: 'The client may demand TLS on every hop of the message (RFC 8689).',
  'MT-PRIORITY': 'Messages may carry a priority (RFC 6710).',
  BURL: 'The message can be fetched from an IMAP server by URL instead of being sent (RFC 4468).',
  'NO-SOLICITING': 'The server does not want solicitations of the listed kinds (RFC 3865).',
  SUBMITTER: 'The client may name the responsible submitter (RFC 4405).',
  FUTURERELEASE: 'Messages may be held for release at a later time (RFC 4865).',
  LIMITS: 'The server announces its limits, such as recipients per transaction (RFC 9422).',
  PRDR: 'Per-recipient data responses: each recipient can accept or refuse the message separately.',
  CHECKPOINT: 'Interrupted transfers may resume (RFC 1845).',
  TURN: 'The roles can be reversed so the server sends queued mail (obsolete, insecure).',
  ATRN: 'Authenticated TURN: an authenticated client can ask for its queued mail (RFC 2645).',
  XCLIENT: 'A trusted proxy may pass the original client\'s details (Postfix extension).',
  XFORWARD: 'A trusted content filter may forward the original client\'s details (Postfix extension).',
  XEXCH50: 'Microsoft Exchange-to-Exchange extension (legacy).',
  'X-EXPS': 'Microsoft Exchange authentication between servers (GSSAPI/NTLM).',
  'X-LINK2STATE': 'Microsoft Exchange routing extension (legacy).',
  'X-ANONYMOUSTLS': 'Microsoft Exchange: TLS between Exchange servers without certificate checks.',
  UTF8SMTP: 'Old draft name of SMTPUTF8 (non-ASCII addresses).',
  VERP: 'Variable envelope return paths for mailing lists.',
};

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Meaning of one keyword with its parameters; unknown keywords get a neutral sentence. */
export function explainCapability(keyword: string, params: string[] = []): string {
  const key = keyword.toUpperCase();
  if (key === 'SIZE') {
    const limit = Number(params[0]);
    if (params.length > 0 && Number.isFinite(limit)) {
      return limit === 0 ? 'The server announces no fixed size limit (SIZE 0).' : `Largest message the server accepts: ${formatBytes(limit)} (${limit} octets) (RFC 1870).`;
    }
  }
  if (key === 'AUTH' && params.length > 0) return `The server accepts a login with: ${params.join(', ')} (RFC 4954).`;
  // Old Outlook-era servers advertise "AUTH=LOGIN" as a keyword of its own.
  if (key.startsWith('AUTH=')) return `Old-style AUTH announcement for legacy clients: ${key.slice(5)}.`;
  const meaning = CAPABILITY_MEANINGS[key];
  if (meaning) return meaning;
  if (key.startsWith('X')) return 'A vendor-specific extension (names starting with X are private).';
  return 'An extension this tool does not know.';
}

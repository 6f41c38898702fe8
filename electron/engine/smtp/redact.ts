/**
 * No password leaves the engine in anything it outputs (it goes only to the server, in AUTH),
 * in two layers:
 * 1. AUTH lines are redacted where they are made (auth.ts): the initial response of an AUTH
 *    command and every client line inside the exchange become "[redacted]".
 * 2. One last scrub of the run's secret forms (secret-scrubber.ts) over everything that leaves
 *    the engine: transcript events, reply texts, findings, the whole report, and so the CLI's
 *    output, exports, saved runs and events to the page. It also catches a server that echoes
 *    what it received, raw, base64-encoded or inside a base64 blob of its own.
 *
 * The user name is NOT a secret: a ticket needs to say which account failed, so it is shown in
 * the report's request and wherever a server names it, and a MAIL FROM or RCPT TO address equal to
 * it is left alone. (Only the client lines of an AUTH exchange are redacted whole, user name
 * included, because the redaction there cannot tell the pieces apart.) The password, or the
 * XOAUTH2 token, is secret in every form it can take, and so is every blob that holds it (PLAIN,
 * XOAUTH2), a CRAM-MD5 response, whose digest can be cracked offline, and an NTLM AUTHENTICATE
 * message, whose NTLMv2 response can be too.
 * Markers carry no length: "[redacted]", never how many bytes were hidden.
 */

export const REDACTED = '[redacted]';

/** Splits "AUTH  PLAIN  abc" into its words, keeping nothing but the words. */
function words(line: string): string[] {
  return line.split(' ').filter((w) => w !== '');
}

/**
 * "AUTH PLAIN AGFsaWNl..." -> "AUTH PLAIN [redacted]" (RFC 4954 §4 initial response);
 * "AUTH LOGIN" and "AUTH PLAIN =" (the empty initial response) carry no secret and stay.
 * Lines that are not AUTH commands are returned unchanged.
 */
export function redactAuthCommand(line: string): string {
  const parts = words(line);
  if (parts[0]?.toUpperCase() !== 'AUTH') return line;
  if (parts.length <= 2) return line;
  const [verb, mechanism, ...rest] = parts;
  if (rest.join(' ') === '=') return line;
  return `${verb} ${mechanism} ${REDACTED}`;
}

/**
 * Any client line inside an AUTH exchange (LOGIN user name and password, CRAM-MD5 response, an
 * XOAUTH2 token, the empty line after an XOAUTH2 error): "[redacted]". "*" (cancel,
 * RFC 4954 §4) and "" are shown as they are, since they hold nothing.
 */
export function redactAuthResponse(line: string): string {
  if (line === '*' || line === '') return line;
  return REDACTED;
}

function base64(value: string | Uint8Array): string {
  return Buffer.from(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64');
}

/**
 * The base64 text that `secret` produces wherever it sits inside a longer base64 blob: for each
 * of the three byte alignments, the characters that depend on the secret's bytes alone. This is
 * what catches a password inside a PLAIN blob with any user name, or inside a server's base64
 * echo ("you sent: <password>"), whatever surrounds it.
 */
function alignedBase64Fragments(secret: Uint8Array): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + secret.length);
    padded.set(secret, shift);
    const firstGroup = shift === 0 ? 0 : 1;
    const lastGroup = Math.floor(padded.length / 3);
    const fragment = base64(padded).slice(firstGroup * 4, lastGroup * 4);
    // Short fragments would match innocent text; the full encodings below still cover short secrets.
    if (fragment.length >= 8) out.push(fragment);
  }
  return out;
}

/** Forms shorter than this are scrubbed only where they stand alone (not inside a longer word). */
const MIN_FORM_LENGTH = 4;

/** The text forms of one secret: raw, JSON-escaped, URL-encoded (component and form style), hex. */
function textForms(secret: string): string[] {
  const url = encodeURIComponent(secret);
  return [secret, JSON.stringify(secret).slice(1, -1), url, url.replace(/%20/g, '+'), Buffer.from(secret, 'utf8').toString('hex')];
}

/** Each base64 form also in the URL-safe alphabet (RFC 4648 §5), without padding. */
function withBase64Url(forms: string[]): string[] {
  return forms.flatMap((f) => [f, f.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')]);
}

/**
 * The forms of a secret that are scrubbed (wherever they appear: a server's echo, an export): its
 * text forms, base64 of each (also at the three alignments inside a longer blob), the PLAIN blob
 * "\0user\0pass" (and with the user as authorization identity) and the XOAUTH2
 * "user=..\x01auth=Bearer ..\x01\x01" in base64. Built from the password: the user name alone is
 * not a form (see the header). Longest first, deduplicated, no empty form.
 */
export function secretForms(user: string, password: string): string[] {
  if (password === '') return [];
  const b64: string[] = [];
  const forms = new Set<string>(textForms(password));
  for (const text of forms) b64.push(base64(text), ...alignedBase64Fragments(Buffer.from(text, 'utf8')));
  // RFC 4616: [authzid] NUL authcid NUL passwd.
  b64.push(base64(`\0${user}\0${password}`), base64(`${user}\0${user}\0${password}`));
  // Google/Microsoft XOAUTH2 initial client response.
  b64.push(base64(`user=${user}\x01auth=Bearer ${password}\x01\x01`));
  for (const form of withBase64Url(b64)) forms.add(form);
  return [...forms].filter((f) => f !== '').sort((a, b) => b.length - a.length);
}

/**
 * RFC 2195: the CRAM-MD5 response to one challenge is base64("user " + hex HMAC-MD5 digest). The
 * digest lets anyone with the challenge test passwords offline, so it is a secret form too.
 */
export function cramMd5Forms(user: string, digestHex: string): string[] {
  const b64 = [base64(`${user} ${digestHex}`), ...alignedBase64Fragments(Buffer.from(digestHex, 'utf8'))];
  return [digestHex, ...withBase64Url(b64)];
}

/**
 * MS-NLMP §2.2.1.3: every NTLM AUTHENTICATE_MESSAGE holds a response derived from the password, and
 * its random client challenge keeps it from being computed in advance like a CRAM-MD5 digest. Its
 * fixed start ("NTLMSSP\0" and message type 3) is the form instead: a word that is, or decodes to
 * something holding, such a message is scrubbed whole. NEGOTIATE (1) and CHALLENGE (2) stay readable.
 */
export function ntlmAuthenticateForms(): string[] {
  const header = Buffer.from('NTLMSSP\0\x03\0\0\0', 'latin1');
  return [header.toString('latin1'), ...withBase64Url([base64(header), ...alignedBase64Fragments(header)])];
}

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** A short form counts only where it stands alone: "pw1" is scrubbed in "got pw1" but not in "pw12". */
const alone = (pattern: string) => `(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`;

/** The source of one pattern for all forms, longest first (undefined without a form). */
function formsPattern(forms: readonly string[]): string | undefined {
  const parts = [...new Set(forms)]
    .filter((f) => f !== '')
    .sort((a, b) => b.length - a.length)
    .map((f) => (f.length >= MIN_FORM_LENGTH ? escapeRegExp(f) : alone(escapeRegExp(f))));
  return parts.length > 0 ? parts.join('|') : undefined;
}

function percentDecode(word: string): string {
  const spaced = word.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // Not UTF-8 once decoded: read the escapes as bytes.
    return Buffer.from(spaced.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
}

/**
 * Encoded words a server may echo (base64, base64url, percent-encoding). Each is decoded once and
 * checked against the forms, which include the base64 ones, so a base64 echo of the base64 AUTH
 * line is found too. A base64url word without "-" or "_" was already read as base64.
 */
const DECODERS: ReadonlyArray<{ word: RegExp; skip?: (word: string) => boolean; decode: (word: string) => string; ratio: number }> = [
  { word: /[A-Za-z0-9+/]{8,}={0,2}/g, decode: (w) => Buffer.from(w, 'base64').toString('utf8'), ratio: 4 / 3 },
  { word: /[A-Za-z0-9_-]{8,}={0,2}/g, skip: (w) => !/[-_]/.test(w), decode: (w) => Buffer.from(w, 'base64url').toString('utf8'), ratio: 4 / 3 },
  // Starts only where a run of non-space starts, so a long run costs one scan, not one per character.
  { word: /(?<!\S)\S*%[0-9A-Fa-f]{2}\S*/g, decode: percentDecode, ratio: 1 },
];

/**
 * The scrub of one set of forms: every encoded word whose decoding holds a form becomes
 * "[redacted]" whole (so no edge of it gives away a byte), then every form left becomes "[redacted]".
 * A plain lower-case search comes first: most lines hold no form, and the patterns cost more.
 */
export function secretMatcher(forms: readonly string[]): (text: string) => string {
  const pattern = formsPattern(forms);
  if (pattern === undefined) return (text) => text;
  // Case-insensitive (a server may upper-case its echo): one source, a global copy to replace with.
  const all = new RegExp(pattern, 'giu');
  const one = new RegExp(pattern, 'iu');
  const lowered = [...new Set(forms.map((f) => f.toLowerCase()))].filter((f) => f !== '');
  // A word whose decoding is shorter than the shortest form cannot hold one (`ratio`: encoded/decoded length).
  const shortest = Math.min(...lowered.map((f) => f.length));
  const mayHold = (text: string) => {
    const lower = text.toLowerCase();
    for (const f of lowered) if (lower.includes(f)) return true;
    return false;
  };
  const holds = (text: string) => mayHold(text) && one.test(text);
  const decodedHolds = (d: (typeof DECODERS)[number], w: string) => w.length >= Math.floor(shortest * d.ratio) && !d.skip?.(w) && holds(d.decode(w));
  return (text) => {
    let out = text;
    for (const d of DECODERS) out = out.replace(d.word, (w) => (decodedHolds(d, w) ? REDACTED : w));
    return mayHold(out) ? out.replace(all, REDACTED) : out;
  };
}

/** One-off scrub of `text` (see secretMatcher); a run keeps one matcher instead (secret-scrubber.ts). */
export function scrubSecrets(text: string, forms: readonly string[]): string {
  return secretMatcher(forms)(text);
}

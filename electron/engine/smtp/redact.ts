/**
 * Credentials never reach the transcript: lines are redacted where they are made (reliability
 * B.28), and `scrubSecrets` is a defensive last pass over anything stored or exported.
 * nodemailer logs the base64 PLAIN blob with the user name in it and swaks' -ahp hides only the
 * password; here the user name is a secret too, in every encoding it can take on the wire.
 */

const REDACTED = '[redacted]';

function redactedBytes(value: string): string {
  return `[redacted ${Buffer.byteLength(value, 'utf8')} bytes]`;
}

/** Splits "AUTH  PLAIN  abc" into its words, keeping nothing but the words. */
function words(line: string): string[] {
  return line.split(' ').filter((w) => w !== '');
}

/**
 * "AUTH PLAIN AGFsaWNl..." -> "AUTH PLAIN [redacted 24 bytes]" (RFC 4954 §4 initial response);
 * "AUTH LOGIN" and "AUTH PLAIN =" (the empty initial response) carry no secret and stay.
 * Lines that are not AUTH commands are returned unchanged.
 */
export function redactAuthCommand(line: string): string {
  const parts = words(line);
  if (parts[0]?.toUpperCase() !== 'AUTH') return line;
  if (parts.length <= 2) return line;
  const [verb, mechanism, ...rest] = parts;
  const response = rest.join(' ');
  if (response === '=') return line;
  return `${verb} ${mechanism} ${redactedBytes(response)}`;
}

/**
 * Any client line inside an AUTH exchange (LOGIN user name and password, CRAM-MD5 response, an
 * XOAUTH2 token, the empty line after an XOAUTH2 error): "[redacted N bytes]". "*" (cancel,
 * RFC 4954 §4) and "" are shown as they are, since they hold nothing.
 */
export function redactAuthResponse(line: string): string {
  if (line === '*' || line === '') return line;
  return redactedBytes(line);
}

function base64(value: string | Uint8Array): string {
  return Buffer.from(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64');
}

/**
 * The base64 text that `secret` produces wherever it sits inside a longer base64 blob: for each
 * of the three byte alignments, the characters that depend on the secret's bytes alone. This is
 * what catches a user name inside a CRAM-MD5 response ("user <digest>") or a PLAIN blob with an
 * authorization identity, whatever surrounds it.
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

/** Forms shorter than this are not scrubbed: replacing every "ab" in a transcript helps nobody. */
const MIN_FORM_LENGTH = 4;

/**
 * Every form a secret can take on the wire or in an export: raw, JSON-escaped, base64 of each,
 * the PLAIN blob "\0user\0pass" (and with the user as authorization identity) in base64, the
 * XOAUTH2 "user=..\x01auth=Bearer ..\x01\x01" in base64, and the user name as it appears inside
 * a CRAM-MD5 response or any other base64 blob. Longest first, deduplicated.
 */
export function secretForms(user: string, password: string): string[] {
  const forms = new Set<string>();
  const add = (value: string) => {
    if (value.length >= MIN_FORM_LENGTH) forms.add(value);
  };
  for (const secret of [user, password]) {
    if (secret === '') continue;
    add(secret);
    add(JSON.stringify(secret).slice(1, -1));
    add(base64(secret));
    for (const fragment of alignedBase64Fragments(Buffer.from(secret, 'utf8'))) add(fragment);
  }
  // RFC 4616: [authzid] NUL authcid NUL passwd.
  add(base64(`\0${user}\0${password}`));
  add(base64(`${user}\0${user}\0${password}`));
  // Google/Microsoft XOAUTH2 initial client response.
  add(base64(`user=${user}\x01auth=Bearer ${password}\x01\x01`));
  // RFC 2195: the CRAM-MD5 response is base64("user " + hex digest); the digest changes per challenge, the user prefix does not.
  if (user !== '') for (const fragment of alignedBase64Fragments(Buffer.from(`${user} `, 'utf8'))) add(fragment);
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Defensive last pass for anything stored or exported: every form becomes "[redacted]", longest forms first. */
export function scrubSecrets(text: string, forms: string[]): string {
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length < MIN_FORM_LENGTH) continue;
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

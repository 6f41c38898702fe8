/**
 * The DATA payload: what goes on the wire between the 354 and the final reply.
 *
 * RFC 5321 §4.5.2 (transparency) and §2.3.8 (clients MUST NOT send bare CR or LF), hardened
 * against SMTP smuggling (CVE-2023-51764/51765/51766, CERT VU#302671): every CR, LF and CRLF is
 * normalised to CRLF first, then lines starting with "." are dot-stuffed, then the payload ends
 * with exactly one CRLF "." CRLF. So no "<LF>.<LF>", "<LF>.<CR><LF>" or bare CR can ever be sent,
 * whatever the message bytes were. Reference: nodemailer lib/smtp-connection/data-stream.js.
 *
 * A message always ends with a line break; the empty message is sent as one empty line.
 */
import { EngineInputError } from './command-line.ts';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** RFC 5322 §2.1.1: lines MUST be at most 998 characters excluding the CRLF. */
export const MAX_LINE_OCTETS = 998;

function toBytes(message: Uint8Array | string): Uint8Array {
  return typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
}

/** Normalise CR, LF and CRLF to CRLF, dot-stuff, end with exactly one CRLF.CRLF. */
export function encodeDataPayload(message: Uint8Array | string): Buffer {
  const input = toBytes(message);
  // Worst case: every byte doubles (a "." at a line start, or a bare CR/LF), plus the terminator.
  const out = Buffer.allocUnsafe(input.length * 2 + 5);
  let o = 0;
  let atLineStart = true;
  for (let i = 0; i < input.length; i++) {
    const b = input[i] as number;
    if (b === CR || b === LF) {
      if (b === CR && input[i + 1] === LF) i++;
      out[o++] = CR;
      out[o++] = LF;
      atLineStart = true;
      continue;
    }
    // RFC 5321 §4.5.2: a line starting with "." gets one more.
    if (atLineStart && b === DOT) out[o++] = DOT;
    out[o++] = b;
    atLineStart = false;
  }
  if (!atLineStart || input.length === 0) {
    out[o++] = CR;
    out[o++] = LF;
  }
  out[o++] = DOT;
  out[o++] = CR;
  out[o++] = LF;
  return out.subarray(0, o);
}

/**
 * The message as the receiver reconstructs it (RFC 5321 §4.5.2: un-stuff, drop the terminator).
 * Used by tests and the sandbox; refuses a payload that is not terminated by CRLF.CRLF.
 */
export function decodeDataPayload(payload: Uint8Array): Buffer {
  const n = payload.length;
  const terminated =
    n >= 5 && payload[n - 5] === CR && payload[n - 4] === LF && payload[n - 3] === DOT && payload[n - 2] === CR && payload[n - 1] === LF;
  const bareTerminator = n === 3 && payload[0] === DOT && payload[1] === CR && payload[2] === LF;
  if (!terminated && !bareTerminator) throw new EngineInputError('DATA payload does not end with CRLF.CRLF', 'data');
  const body = payload.subarray(0, n - 3);
  const out = Buffer.allocUnsafe(body.length);
  let o = 0;
  let atLineStart = true;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as number;
    if (!(atLineStart && b === DOT)) out[o++] = b;
    atLineStart = b === LF;
  }
  return out.subarray(0, o);
}

/** CR, LF and CRLF to CRLF, ending with a CRLF (the empty message becomes one empty line): what decode(encode(x)) returns. */
export function normalizeLineEndings(message: Uint8Array | string): Buffer {
  const stuffed = encodeDataPayload(message);
  return decodeDataPayload(stuffed);
}

/** 1-based numbers of the lines longer than `max` octets (RFC 5322 §2.1.1), counting CR, LF and CRLF as line breaks. */
export function longLines(message: Uint8Array | string, max: number = MAX_LINE_OCTETS): number[] {
  const input = toBytes(message);
  const found: number[] = [];
  let line = 1;
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i] as number;
    if (b === CR || b === LF) {
      if (b === CR && input[i + 1] === LF) i++;
      if (length > max) found.push(line);
      line++;
      length = 0;
      continue;
    }
    length++;
  }
  if (length > max) found.push(line);
  return found;
}

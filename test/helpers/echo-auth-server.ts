/**
 * A hostile server that echoes the client's AUTH data back: over STARTTLS with
 * the test CA, it offers PLAIN, LOGIN and CRAM-MD5 and answers every piece of AUTH data with a
 * 334 whose base64 text decodes to "you sent <piece> = <piece decoded>", then, once the client
 * cancels, with a 535 that quotes every piece raw, decoded, URL-encoded and inside a base64 blob.
 * With `accept`, PLAIN is answered 235 quoting the decoded blob and the message is taken.
 * `leakedForms` lists what no output may contain; `expectNoSecret` also decodes base64 words.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { startHostileServer, type HostileServer, type ScenarioContext } from './hostile-server.ts';
import { script } from './smtp-script.ts';
import { testCerts } from './test-certs.ts';

export const CANARY = 'Canary-9f3e-Canary-9f3e';
export const ECHO_USER = 'canary-user@echo.test';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const shown = (piece: string) => Buffer.from(piece, 'base64').toString('utf8').replace(/\0/g, ' ');

export interface EchoAuthServer {
  server: HostileServer;
  /** The CA that signed the server's certificate (PEM). */
  ca: string;
  /** Every line of AUTH data the client sent (initial responses included), in order. */
  pieces: string[];
  close(): Promise<void>;
}

interface AuthState {
  mechanism: string;
  pieces: string[];
}

function finalEcho(pieces: string[]): string {
  const lines = pieces.flatMap((p) => [`you sent ${p}`, `decoded: ${shown(p)}`, `again: ${b64(`echo: ${shown(p)}`)}`, `url: ${encodeURIComponent(shown(p))}`]);
  return lines.map((l, i) => `535${i === lines.length - 1 ? ' ' : '-'}5.7.8 ${l}\r\n`).join('');
}

export async function startEchoAuthServer(options: { accept?: boolean } = {}): Promise<EchoAuthServer> {
  const certs = await testCerts();
  const pieces: string[] = [];
  const auth = new WeakMap<ScenarioContext, AuthState>();
  const rest = script({}, { extensions: ['STARTTLS', 'ENHANCEDSTATUSCODES'], tlsExtensions: ['AUTH PLAIN LOGIN CRAM-MD5', 'ENHANCEDSTATUSCODES'] });
  const echo334 = (piece: string) => `334 ${b64(`you sent ${piece} = ${shown(piece)}`)}\r\n`;
  const onAuthCommand = (line: string, ctx: ScenarioContext) => {
    const [, mechanism = '', initial] = line.split(' ');
    const state: AuthState = { mechanism: mechanism.toUpperCase(), pieces: [] };
    auth.set(ctx, state);
    if (initial !== undefined) {
      state.pieces.push(initial);
      pieces.push(initial);
      if (options.accept) {
        auth.delete(ctx);
        return ctx.write(`235 2.7.0 welcome ${shown(initial)} (${b64(shown(initial))})\r\n`);
      }
      return ctx.write(echo334(initial));
    }
    if (state.mechanism === 'LOGIN') return ctx.write('334 VXNlcm5hbWU6\r\n');
    if (state.mechanism === 'CRAM-MD5') return ctx.write(`334 ${b64(`<${randomBytes(6).toString('hex')}.1@echo.test>`)}\r\n`);
    return ctx.write('334 \r\n');
  };
  const onAuthData = (line: string, ctx: ScenarioContext, state: AuthState) => {
    if (line === '*') {
      auth.delete(ctx);
      return ctx.write(finalEcho(state.pieces));
    }
    state.pieces.push(line);
    pieces.push(line);
    if (state.mechanism === 'LOGIN' && state.pieces.length === 1) return ctx.write('334 UGFzc3dvcmQ6\r\n');
    ctx.write(echo334(line));
  };
  const server = await startHostileServer({
    greeting: '220 echo.test ESMTP\r\n',
    tls: certs.good,
    onLine: (line, ctx) => {
      const state = auth.get(ctx);
      if (state) return onAuthData(line, ctx, state);
      if (/^AUTH /i.test(line)) return onAuthCommand(line, ctx);
      rest(line, ctx);
    },
  });
  return { server, ca: certs.ca.cert, pieces, close: () => server.close() };
}

/** The base64 text of `secret` at each alignment inside a longer blob (what a partial match would leave). */
function insideBase64(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [0, 1, 2].map((shift) => {
    const text = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    return text.slice(shift === 0 ? 0 : 4, Math.floor((shift + bytes.length) / 3) * 4);
  });
}

/**
 * Every secret form of this run: the password raw, URL-encoded, base64 (whole and inside a blob),
 * and every piece of AUTH data the client sent except the LOGIN user name, raw and decoded
 * (the PLAIN blob, the CRAM-MD5 response and its digest).
 */
export function leakedForms(password: string, pieces: readonly string[]): string[] {
  const forms = new Set([password, encodeURIComponent(password), b64(password), ...insideBase64(password)]);
  for (const piece of pieces) {
    const decoded = Buffer.from(piece, 'base64').toString('utf8');
    if (decoded === ECHO_USER) continue;
    forms.add(piece);
    forms.add(decoded.replace(/\0/g, ' ').trim());
    for (const word of decoded.split(/[\0 ]/)) if (word.length >= 16 && word !== ECHO_USER) forms.add(word);
  }
  return [...forms].filter((f) => f.length >= 8);
}

/** No form in `text`, nor in any base64 word of it once decoded. */
export function expectNoSecret(text: string, forms: readonly string[], where: string): void {
  const lower = text.toLowerCase();
  for (const form of forms) expect(lower.includes(form.toLowerCase()), `${where} holds ${JSON.stringify(form)}`).toBe(false);
  for (const word of text.match(/[A-Za-z0-9+/]{12,}={0,2}/g) ?? []) {
    const decoded = Buffer.from(word, 'base64').toString('latin1');
    for (const form of forms) expect(decoded.includes(form), `${where} holds base64 of ${JSON.stringify(form)}`).toBe(false);
  }
}

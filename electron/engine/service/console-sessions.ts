/**
 * The manual console: a telnet-like SMTP session over the engine's SmtpClient, one per console id.
 * The renderer never sees a password: AUTH uses the profile's stored credentials. DATA takes the
 * message text; the engine normalises line ends, dot-stuffs and adds the final dot (RFC 5321 §4.5.2).
 * Raw lines with CR, LF or NUL, and raw STARTTLS/AUTH/DATA/BDAT in any spelling, are refused before
 * anything is sent. One command at a time: a second one while a reply is awaited gets EBUSY.
 * Transcript lines go out in batches (transcript-batcher.ts), flushed before open/command return,
 * so the renderer has a command's lines by the time it gets the command's result.
 */
import type { ConsoleCommandResult, ConsoleOpened } from '../../../shared/ipc/console-types.ts';
import type { InvokeParsed } from '../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import type { AuthMechanism } from '../../../shared/steps.ts';
import { AUTH_MECHANISMS } from '../../../shared/steps.ts';
import { requestPort, type AuthWithheld, type CheckRequest } from '../../../shared/check-request.ts';
import { lookupMx, resolveHost, type DnsOptions } from '../dns/index.ts';
import { isIpLiteral } from '../dns/names.ts';
import { otherFamilyOnly } from '../dns/other-family.ts';
import { otherFamilyFinding } from '../diagnose/errors.ts';
import { lastExchange } from '../smtp/client-outcomes.ts';
import { connectionSpec, dialFamily, serverHost } from '../smtp/connection-spec.ts';
import { buildHelo } from '../smtp/command-line.ts';
import { encodeDataPayload } from '../smtp/data-encoding.ts';
import { SmtpEngineError } from '../smtp/errors.ts';
import { createSecretScrubber, type SecretScrubber } from '../smtp/secret-scrubber.ts';
import { SmtpClient } from '../smtp/smtp-client.ts';
import type { MxEvidence, SmtpReply } from '../../../shared/evidence.ts';
import { createTranscript } from '../transcript.ts';
import type { Emit } from './service-deps.ts';
import { createTranscriptBatcher, type TranscriptBatcher } from './transcript-batcher.ts';

type Command = InvokeParsed<'console/command'>['command'];

/**
 * What a console needs from a profile (taken from the validated CheckRequest of the profile).
 * `auth.withheld`: the stored password was entered for another target, so it is not here and
 * AUTH is refused with that reason (SmtpClient.auth).
 */
export interface ConsoleTarget {
  request: CheckRequest;
  auth?: { user: string; password: string; mechanism?: AuthMechanism; withheld?: AuthWithheld };
}

interface Session {
  client: SmtpClient;
  ehloName: string;
  auth: ConsoleTarget['auth'];
  abort: AbortController;
  /** The console's transcript lines not sent yet. */
  lines: TranscriptBatcher;
  /** The console's secret forms: its results pass them too. */
  secrets: SecretScrubber;
}

const MAX_CONSOLES = 8;

/**
 * The address the console dials: the run's lookup (resolveHost), and when the name has only the
 * other IP version's addresses, the same words as the run's connect.source-family finding.
 */
async function locate(r: CheckRequest, host: string, dnsOptions: DnsOptions): Promise<{ address?: string } | { error: { code: string; message: string } }> {
  // A literal is dialled as it is (the client refuses one of the other version than the source's).
  if (isIpLiteral(host)) return {};
  const family = dialFamily(r);
  const resolved = await resolveHost(host, family, dnsOptions);
  const address = resolved.addresses[0]?.address;
  if (address !== undefined) return { address };
  const message = resolved.errorMessage ?? resolved.outcome;
  const other = await otherFamilyOnly(host, family, resolved.outcome, (version) => resolveHost(host, version, dnsOptions));
  if (other !== undefined) return { error: { code: other.code, message: otherFamilyFinding(r, host, other.message).message } };
  return { error: { code: 'EDNS', message: `could not resolve ${host}: ${message}` } };
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof SmtpEngineError) return { code: err.detail.code, message: err.detail.message };
  throw err;
}

/** "<a@b>" or "a@b" -> "a@b": the console's box takes either. */
function bareAddress(arg: string): string {
  const t = arg.trim();
  return t.startsWith('<') && t.endsWith('>') ? t.slice(1, -1) : t;
}

export class ConsoleSessions {
  private readonly sessions = new Map<string, Session>();
  /** Sessions with a command waiting for its reply: one at a time, nothing pipelined (reliability B.32). */
  private readonly waiting = new WeakSet<Session>();

  constructor(private readonly o: { emit: Emit }) {}

  async open(consoleId: string, target: ConsoleTarget): Promise<Result<ConsoleOpened>> {
    if (this.sessions.has(consoleId)) return fail('ECONFLICT', 'This console is already open', 'consoleId');
    if (this.sessions.size >= MAX_CONSOLES) return fail('EBUSY', `At most ${MAX_CONSOLES} consoles can be open at once; close one first`);
    const lines = createTranscriptBatcher({ deliver: (events) => this.o.emit('console/transcript', { consoleId, events }) });
    // The console's own last scrub: its transcript lines and every result it returns.
    const secrets = createSecretScrubber(target.auth);
    try {
      return secrets.scrubDeep(await this.connect(consoleId, target, lines, secrets));
    } finally {
      // The lines go out before the result; a console that did not open keeps no timer.
      if (this.sessions.get(consoleId)?.lines === lines) lines.flush();
      else lines.close();
    }
  }

  private async connect(consoleId: string, target: ConsoleTarget, lines: TranscriptBatcher, secrets: SecretScrubber): Promise<Result<ConsoleOpened>> {
    const r = target.request;
    const transcript = createTranscript({ onEvent: (event) => lines.add(event), secrets });
    const dnsOptions: DnsOptions = { server: r.dnsServer, timeoutMs: r.timeouts.dns };
    let mx: MxEvidence | undefined;
    if (r.server === undefined && r.domain !== undefined) {
      transcript.add('info', `Looking up the MX records of ${r.domain}`);
      mx = await lookupMx(r.domain, dnsOptions);
    }
    const host = serverHost(r, mx);
    if (host === undefined) {
      const message = `no usable MX host for ${r.domain} (${mx?.outcome ?? 'no lookup'})`;
      transcript.add('error', message);
      return ok({ consoleId, error: { code: 'EDNS', message }, allowed: [] });
    }
    if (mx) transcript.add('info', `Using MX ${host}`);
    // The name is resolved as a run resolves it (the profile's DNS server, its IP version), so a failure reads alike.
    const located = await locate(r, host, dnsOptions);
    if ('error' in located) {
      transcript.add('error', located.error.message);
      return ok({ consoleId, error: located.error, allowed: [], target: { host, port: requestPort(r).port, security: r.security } });
    }
    const connection = connectionSpec(r, { mx, address: located.address });
    if (connection === undefined) throw new Error('the server host was chosen above');
    const abort = new AbortController();
    const where = { host: connection.host, port: connection.port, security: connection.security };
    const client = new SmtpClient({ connection, signal: abort.signal, transcript });
    const session: Session = { client, ehloName: connection.ehloName, auth: target.auth, abort, lines, secrets };
    this.sessions.set(consoleId, session);
    this.waiting.add(session);
    try {
      const greeting = await client.connect();
      return ok({ consoleId, greeting, allowed: client.allowedCommands(), target: where });
    } catch (err) {
      this.close(consoleId);
      return ok({ consoleId, error: errorOf(err), allowed: [], target: where });
    } finally {
      this.waiting.delete(session);
    }
  }

  async command(input: InvokeParsed<'console/command'>): Promise<Result<ConsoleCommandResult>> {
    const s = this.sessions.get(input.consoleId);
    if (!s) return fail('ENOTFOUND', 'No such console (it was closed)', 'consoleId');
    if (this.waiting.has(s)) return fail('EBUSY', 'A command is still waiting for its reply: send the next one once it has come (commands are never pipelined)');
    const arg = input.argument ?? '';
    // Only DATA takes several lines; everything else is one command line (reliability C.35).
    if (input.command !== 'DATA' && /[\r\n\0]/.test(arg)) return fail('EINVALID', 'The argument must be a single line (no CR, LF or NUL)', 'argument');
    if (input.command === 'RAW' && arg.trim() === '') return fail('EINVALID', 'Type the line to send', 'argument');
    if (input.command === 'AUTH' && !s.auth) return fail('ESECRETS', 'This profile has no user name and readable password for AUTH: set them in the profile', 'argument');
    // AUTH's argument is the mechanism picked in the console's AUTH helper (empty: the profile's or the best offered).
    if (input.command === 'AUTH' && arg.trim() !== '' && !(AUTH_MECHANISMS as readonly string[]).includes(arg.trim().toUpperCase())) {
      return fail('EINVALID', `Unknown AUTH mechanism "${arg.trim()}": use ${AUTH_MECHANISMS.join(', ')}`, 'argument');
    }
    const client = s.client;
    let reply: SmtpReply | undefined;
    let error: { code: string; message: string } | undefined;
    this.waiting.add(s);
    try {
      reply = await this.run(s, input.command, arg);
    } catch (err) {
      error = errorOf(err);
    } finally {
      this.waiting.delete(s);
    }
    s.lines.flush();
    const closed = !client.canSend();
    if (closed) this.close(input.consoleId);
    const result: ConsoleCommandResult = { allowed: closed ? [] : client.allowedCommands(), closed };
    if (reply) result.reply = reply;
    if (error) result.error = error;
    return ok(s.secrets.scrubDeep(result));
  }

  private async run(s: Session, command: Command, arg: string): Promise<SmtpReply | undefined> {
    const c = s.client;
    switch (command) {
      case 'EHLO': {
        const e = await c.ehlo(arg.trim() || s.ehloName);
        return e.heloReply ?? e.reply;
      }
      case 'HELO':
        return (await c.raw(buildHelo(arg.trim() || s.ehloName))).reply;
      case 'STARTTLS':
        return (await c.starttls()).reply;
      case 'AUTH': {
        const chosen = arg.trim().toUpperCase();
        const auth = s.auth as NonNullable<Session['auth']>;
        const a = await c.auth(chosen === '' ? auth : { ...auth, mechanism: chosen as AuthMechanism });
        if (!a.attempted) throw new SmtpEngineError({ code: 'EPOLICY', phase: 'auth', message: a.decision.message });
        return a.reply;
      }
      case 'MAIL':
        return (await c.mailFrom(bareAddress(arg))).reply;
      case 'RCPT':
        return (await c.rcptTo(bareAddress(arg))).reply;
      case 'DATA': {
        return lastExchange(await c.data(encodeDataPayload(arg))).reply;
      }
      case 'RSET':
        return (await c.rset()).reply;
      case 'NOOP':
        return (await c.noop()).reply;
      case 'VRFY':
        return (await c.vrfy(arg.trim())).reply;
      case 'EXPN':
        return (await c.expn(arg.trim())).reply;
      case 'HELP':
        return (await c.help(arg.trim() || undefined)).reply;
      case 'QUIT':
        return (await c.quit()).reply;
      case 'RAW':
        return (await c.raw(arg)).reply;
    }
  }

  close(consoleId: string): boolean {
    const s = this.sessions.get(consoleId);
    if (!s) return false;
    this.sessions.delete(consoleId);
    s.abort.abort();
    s.client.close();
    s.lines.close();
    return true;
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }
}

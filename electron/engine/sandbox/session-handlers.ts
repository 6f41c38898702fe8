/**
 * smtp-server callbacks for the sandbox: greeting delay, AUTH, RCPT policy, message storage.
 * The decisions themselves live in policy.ts; this file wires them to sessions and events.
 */
import type { SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import { secretEquals } from './credentials.ts';
import { ClientGoneError, MAX_STORED_MESSAGES, countMessages, saveMessage } from './inbox.ts';
import { ntlmAttempt } from './ntlm-mechanism.ts';
import type { Greylist, Refusal } from './policy.ts';
import { SANDBOX_REFUSALS, inboxFullRefusal, oversizedRefusal, recipientDecision } from './policy.ts';
import { toSandboxError } from './sandbox-error.ts';
import type { SandboxBehaviours, SandboxEvent, SandboxListener } from './sandbox-types.ts';

/** What the handlers share with the running sandbox. */
export interface SessionContext {
  hostname: string;
  inboxDir: string;
  localDomains: readonly string[];
  credentials: { user: string; password: string };
  maxMessageBytes: number;
  greylist: Greylist;
  behaviours: () => SandboxBehaviours;
  emit: (e: SandboxEvent) => void;
  /** Greeting delays in flight, cleared on close. */
  bannerTimers: Set<NodeJS.Timeout>;
  /** Messages being stored right now, by both listeners: they count against the inbox cap. */
  saving: { count: number };
}

type Handlers = Required<Pick<SMTPServerOptions, 'onConnect' | 'onAuth' | 'onRcptTo' | 'onData'>>;

const now = () => new Date().toISOString();

/** An error whose message smtp-server sends as the reply text after responseCode. */
function smtpError(refusal: Refusal): Error & { responseCode: number } {
  return Object.assign(new Error(refusal.text), { responseCode: refusal.code });
}

/** Printable ASCII only: the trace header must not carry anything a client smuggled in. */
function traceToken(value: unknown, fallback: string): string {
  const text = typeof value === 'string' ? value.replace(/[^\x21-\x7e]/g, '').slice(0, 255) : '';
  return text || fallback;
}

/** RFC 5321 §4.4 trace header for the stored copy; RFC 5322 §3.3 date. */
export function receivedHeader(session: SMTPServerSession, hostname: string, id: string, at: Date): string {
  const helo = traceToken(session.hostNameAppearsAs, 'unknown');
  const address = traceToken(session.remoteAddress, 'unknown');
  const protocol = traceToken(session.transmissionType, 'SMTP');
  const date = at.toUTCString().replace(/GMT$/, '+0000');
  return `Received: from ${helo} ([${address}])\r\n\tby ${hostname} (SMTP Probe sandbox) with ${protocol} id ${id};\r\n\t${date}\r\n`;
}

function authenticatedUser(session: SMTPServerSession): string | undefined {
  return typeof session.user === 'string' ? session.user : undefined;
}

type ConnectCallback = Parameters<Handlers['onConnect']>[1];
type AuthArgs = Parameters<Handlers['onAuth']>;
type RcptArgs = Parameters<Handlers['onRcptTo']>;
type DataArgs = Parameters<Handlers['onData']>;

/** One DATA transaction: what the storing and failing halves of onData share. */
interface DataCall {
  ctx: SessionContext;
  stream: DataArgs[0];
  session: SMTPServerSession;
  callback: DataArgs[2];
}

function rejected(ctx: SessionContext, sessionId: string, stage: 'auth' | 'rcpt' | 'data', refusal: Refusal): void {
  ctx.emit({ type: 'rejected', t: now(), sessionId, stage, reply: `${refusal.code} ${refusal.text}` });
}

export function createSessionHandlers(ctx: SessionContext, listener: SandboxListener): Handlers {
  return {
    onConnect: (session, callback) => onConnect(ctx, listener, session, callback),
    onAuth: (auth, session, callback) => onAuth(ctx, auth, session, callback),
    onRcptTo: (address, session, callback) => onRcptTo(ctx, address, session, callback),
    onData: (stream, session, callback) => onData({ ctx, stream, session, callback }),
  };
}

function onConnect(ctx: SessionContext, listener: SandboxListener, session: SMTPServerSession, callback: ConnectCallback): void {
  ctx.emit({ type: 'connection', t: now(), sessionId: session.id, listener, remoteAddress: session.remoteAddress });
  const delayMs = ctx.behaviours().slowBannerMs;
  if (delayMs <= 0) {
    callback();
    return;
  }
  ctx.emit({ type: 'banner-delayed', t: now(), sessionId: session.id, delayMs });
  const timer = setTimeout(() => {
    ctx.bannerTimers.delete(timer);
    ctx.emit({ type: 'banner-released', t: now(), sessionId: session.id });
    callback();
  }, delayMs);
  ctx.bannerTimers.add(timer);
}

/** The user name to check: NTLM sends DOMAIN\user or a bare name; any domain, or none, is taken. */
function userOf(auth: AuthArgs[0]): string {
  return (ntlmAttempt(auth)?.message.user ?? auth.username ?? '').slice(0, 256);
}

/** The password half of the check, per mechanism: CRAM-MD5 and NTLM never send the password itself. */
function passwordMatches(ctx: SessionContext, auth: AuthArgs[0]): boolean {
  const ntlm = ntlmAttempt(auth);
  if (ntlm) return ntlm.validatePassword(ctx.credentials.password);
  if (auth.method === 'CRAM-MD5') return auth.validatePassword(ctx.credentials.password);
  if (auth.method === 'PLAIN' || auth.method === 'LOGIN') return secretEquals(auth.password ?? '', ctx.credentials.password);
  return false;
}

function onAuth(ctx: SessionContext, auth: AuthArgs[0], session: SMTPServerSession, callback: AuthArgs[2]): void {
  const user = (auth.username ?? '').slice(0, 256);
  const report = (accepted: boolean) => ctx.emit({ type: 'auth', t: now(), sessionId: session.id, method: auth.method, user, accepted });
  const refuse = () => {
    const refusal = SANDBOX_REFUSALS.authFailed;
    report(false);
    rejected(ctx, session.id, 'auth', refusal);
    callback(null, { responseCode: refusal.code, message: refusal.text });
  };
  if (ctx.behaviours().rejectAuth) return refuse();
  // RFC 4616 §2: an authorization identity other than the user's own is not allowed here.
  if (auth.method === 'PLAIN' && auth.authzid && auth.authzid !== auth.authcid) return refuse();
  const userOk = secretEquals(userOf(auth), ctx.credentials.user);
  const passwordOk = passwordMatches(ctx, auth);
  if (!(userOk && passwordOk)) return refuse();
  report(true);
  callback(null, { user: ctx.credentials.user });
}

function onRcptTo(ctx: SessionContext, address: RcptArgs[0], session: SMTPServerSession, callback: RcptArgs[2]): void {
  const mailFrom = session.envelope.mailFrom;
  const refusal = recipientDecision({
    address: address.address,
    from: mailFrom ? mailFrom.address : '',
    clientAddress: session.remoteAddress,
    authenticated: authenticatedUser(session) !== undefined,
    behaviours: ctx.behaviours(),
    localDomains: ctx.localDomains,
    greylist: ctx.greylist,
  });
  if (refusal) {
    rejected(ctx, session.id, 'rcpt', refusal);
    callback(smtpError(refusal));
    return;
  }
  callback();
}

function onData(call: DataCall): void {
  const { ctx } = call;
  const ahead = ctx.saving.count;
  ctx.saving.count += 1;
  storeMessage(call, ahead)
    .catch((err: unknown) => failData(call, err))
    .finally(() => {
      ctx.saving.count -= 1;
    });
}

/** Refuses a message before or after reading it; resume drains what the client still sends. */
function refuseData(call: DataCall, refusal: Refusal, drain: boolean): void {
  rejected(call.ctx, call.session.id, 'data', refusal);
  if (drain) call.stream.resume();
  call.callback(smtpError(refusal));
}

async function storeMessage(call: DataCall, ahead: number): Promise<void> {
  const { ctx, stream, session, callback } = call;
  // Messages other sessions began storing first count too: parallel sessions cannot pass the cap together.
  if ((await countMessages(ctx.inboxDir)) + ahead >= MAX_STORED_MESSAGES) {
    refuseData(call, inboxFullRefusal(MAX_STORED_MESSAGES, ctx.inboxDir), true);
    return;
  }
  const mailFrom = session.envelope.mailFrom;
  const user = authenticatedUser(session);
  const at = new Date();
  const outcome = await saveMessage(
    ctx.inboxDir,
    stream,
    {
      from: mailFrom ? mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
      ...(user !== undefined ? { authenticatedUser: user } : {}),
      tls: session.secure,
      receivedHeader: (id) => receivedHeader(session, ctx.hostname, id, at),
    },
    ctx.maxMessageBytes,
    at,
  );
  if ('oversized' in outcome) {
    // smtp-server answers this itself (rejectOversized) with 552 5.3.4; RFC 1870 §6.
    refuseData(call, oversizedRefusal(ctx.maxMessageBytes), false);
    return;
  }
  ctx.emit({ type: 'message', t: now(), message: outcome.saved });
  // Postfix's wording, so clients (and our own finding message.accepted) pick up the queue id.
  callback(null, `2.0.0 Ok: queued as ${outcome.saved.id}`);
}

function failData(call: DataCall, err: unknown): void {
  const { ctx, session, callback } = call;
  if (err instanceof ClientGoneError) {
    // Nobody is left to answer; worth a line for the operator, not an error of the sandbox.
    ctx.emit({ type: 'notice', t: now(), text: `Session ${session.id}: ${err.message}; nothing was stored` });
    callback(err);
    return;
  }
  const error = toSandboxError(err, 'EINBOX', 'inbox', `Cannot store a message in ${ctx.inboxDir}`);
  ctx.emit({ type: 'error', t: now(), error: error.toInfo() });
  refuseData(call, SANDBOX_REFUSALS.storeFailed, true);
}

/**
 * The stages up to the envelope (curl's lib/smtp.c shape: one small handler per state):
 * compose (or, in fast mode, compose aside and take it before the envelope), connect, banner,
 * EHLO/HELO, STARTTLS, EHLO again, AUTH. Each fills its part of the
 * evidence and says what happens next; none throws for an outcome.
 */
import type { EngineError, SmtpEvidence } from '../../../shared/evidence.ts';
import { hasCapability } from './capabilities.ts';
import { composeMessage } from './compose-message.ts';
import { encodeDataPayload } from './data-encoding.ts';
import { engineError } from './errors.ts';
import { timeOn } from '../timeline.ts';
import { afterReply, attempt, fail, since, type Attempt, type Next, type StageContext } from './stage-context.ts';

type Starttls = NonNullable<SmtpEvidence['starttls']>;

/**
 * The message, composed and encoded before connecting: a bad message sends nothing. Fast mode
 * composes it aside instead (composeAside), once the greeting is in; `composed` takes it before
 * the envelope, so a message that cannot be made still sends no MAIL.
 */
export async function compose(ctx: StageContext): Promise<Next> {
  const made = await makePayload(ctx);
  return made === undefined ? 'next' : takePayload(ctx, made);
}

/**
 * Fast mode: the message is composed while the server answers EHLO (setImmediate runs after this
 * turn of the loop, once EHLO is written), its CPU time off the round trips' path.
 */
export function composeAside(ctx: StageContext): Promise<Next> {
  ctx.composing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => makePayload(ctx));
  return Promise.resolve('next');
}

/** Fast mode, before the envelope: the message composed aside, or the session ends before MAIL. */
export async function composed(ctx: StageContext): Promise<Next> {
  const made = await ctx.composing;
  ctx.composing = undefined;
  return made === undefined ? 'next' : takePayload(ctx, made);
}

/** The message composed and encoded; undefined without sender and recipients. Never rejects. */
async function makePayload(ctx: StageContext): Promise<Attempt<Buffer> | undefined> {
  const { o } = ctx;
  if (o.from === undefined || !o.to || o.to.length === 0) return undefined;
  const { from, to } = o;
  const m = o.message;
  const composing = async (): Promise<Buffer> => {
    const raw =
      m && 'raw' in m
        ? m.raw
        : await composeMessage({
            from,
            to,
            ...(m?.subject !== undefined ? { subject: m.subject } : {}),
            ...(m?.text !== undefined ? { text: m.text } : {}),
            ...(m?.headers ? { headers: m.headers } : {}),
            messageIdDomain: o.connection.ehloName.startsWith('[') ? 'smtp-probe.invalid' : o.connection.ehloName,
          });
    return encodeDataPayload(raw);
  };
  return attempt(() => timeOn(o.timeline, 'compose', 'Compose the message', composing), 'data');
}

function takePayload(ctx: StageContext, made: Attempt<Buffer>): Next {
  if (made.ok) {
    ctx.payload = made.value;
    return 'next';
  }
  return fail(ctx, engineError('EINVALID', 'data', `the message could not be composed: ${made.error.message}`).detail);
}

/** TCP connect, and the handshake for implicit TLS. */
export async function connect(ctx: StageContext): Promise<Next> {
  const { client, ev } = ctx;
  const r = await attempt(() => client.open(), 'connect');
  const connectMs = client.timings.connectMs ?? 0;
  const tlsMs = client.timings.tlsMs ?? 0;
  if (r.ok) {
    ev.connect = { ok: true, elapsedMs: connectMs, ...(client.timings.dialledEarly ? { dialledEarly: true as const } : {}) };
    if (ctx.o.connection.security === 'implicit') ev.implicitTls = { ok: true, elapsedMs: tlsMs };
    return 'next';
  }
  if (r.error.phase === 'connect' || r.error.phase === 'dns') ev.connect = { ok: false, elapsedMs: connectMs, error: r.error };
  else {
    ev.connect = { ok: true, elapsedMs: connectMs };
    ev.implicitTls = { ok: false, elapsedMs: tlsMs, error: r.error };
  }
  return fail(ctx, r.error);
}

export async function banner(ctx: StageContext): Promise<Next> {
  const { client, ev } = ctx;
  const r = await attempt(() => client.greeting(), 'greeting');
  const elapsedMs = client.timings.bannerMs ?? 0;
  if (!r.ok) {
    ev.banner = { elapsedMs, error: r.error };
    return fail(ctx, r.error);
  }
  ev.banner = { reply: r.value, elapsedMs };
  if (r.value.code === 421) return 'drop';
  // RFC 5321 §3.1: after 554 the client should send QUIT, nothing else.
  return r.value.code === 220 ? 'next' : 'quit';
}

/** EHLO, and HELO when EHLO gets 5xx (the client does the fallback). */
export async function ehlo(ctx: StageContext): Promise<Next> {
  const { client, ev } = ctx;
  const name = ctx.o.connection.ehloName;
  const r = await attempt(() => client.ehlo(name), 'ehlo');
  if (!r.ok) {
    ev.ehlo = { name, heloFallback: false, elapsedMs: since(ctx, ctx.stageStartedAt), error: r.error };
    return fail(ctx, r.error);
  }
  const e = r.value;
  ev.ehlo = { name, reply: e.reply, heloFallback: e.heloFallback, elapsedMs: since(ctx, ctx.stageStartedAt) };
  if (e.heloReply) ev.ehlo.heloReply = e.heloReply;
  if (e.capabilities) ev.ehlo.capabilities = e.capabilities;
  return afterReply(e.heloReply ?? e.reply);
}

/** STARTTLS (RFC 3207) as the security mode asks; `ev.starttls.ok` lets "EHLO again" run. */
export async function starttls(ctx: StageContext): Promise<Next> {
  const offered = hasCapability(ctx.client.capabilities, 'STARTTLS');
  const st: Starttls = { offered, attempted: false, ok: false, elapsedMs: 0 };
  ctx.ev.starttls = st;
  const next = await upgrade(ctx, st);
  st.elapsedMs = since(ctx, ctx.stepStartedAt);
  return next;
}

async function upgrade(ctx: StageContext, st: Starttls): Promise<Next> {
  const { client, transcript } = ctx;
  const { security } = ctx.o.connection;
  if (security === 'none') {
    if (st.offered) transcript.add('info', 'STARTTLS is offered but not used (security: none)');
    return 'next';
  }
  if (!st.offered) {
    if (security === 'starttls') {
      return starttlsFailed(ctx, st, engineError('EPOLICY', 'starttls', 'STARTTLS is required but the server does not offer it; stopping before AUTH (possible STARTTLS stripping)').detail);
    }
    transcript.add('info', 'STARTTLS is not offered: going on without TLS (starttls-optional)');
    return 'next';
  }
  st.attempted = true;
  const r = await attempt(() => client.starttls(), 'starttls');
  if (!r.ok) {
    // The handshake failed after the server's 220: keep that reply for the STARTTLS details.
    const answered = r.records.find((record) => record.command === 'STARTTLS')?.reply;
    if (answered) st.reply = answered;
    return starttlsFailed(ctx, st, r.error);
  }
  const { reply } = r.value;
  st.reply = reply;
  if (reply.code === 421) return 'drop';
  if (r.value.ok) {
    st.ok = true;
    return 'next';
  }
  if (security === 'starttls') {
    return starttlsFailed(ctx, st, engineError('EPOLICY', 'starttls', `STARTTLS is required but the server answered ${reply.code}; stopping before AUTH`, { reply, command: 'STARTTLS' }).detail);
  }
  transcript.add('info', `STARTTLS failed (${reply.code}): going on without TLS (starttls-optional)`);
  return 'next';
}

function starttlsFailed(ctx: StageContext, st: Starttls, error: EngineError): Next {
  st.error = error;
  if (error.code === 'EINJECTION') st.injection = true;
  return policyStop(ctx, error);
}

/** A policy stop is clean: the server gets its QUIT. */
function policyStop(ctx: StageContext, error: EngineError): Next {
  if (error.code !== 'EPOLICY') return fail(ctx, error);
  ctx.ev.error = error;
  return 'quit';
}

/** EHLO after the TLS upgrade: what was learned before TLS is forgotten (RFC 3207 §4.2). */
export async function ehloAgain(ctx: StageContext): Promise<Next> {
  const { client, ev } = ctx;
  const r = await attempt(() => client.ehloAfterTls(ctx.o.connection.ehloName), 'ehlo');
  let next: Next;
  if (!r.ok) {
    ev.ehloAfterTls = { elapsedMs: since(ctx, ctx.stageStartedAt), error: r.error };
    next = policyStop(ctx, r.error);
  } else {
    const e = r.value;
    ev.ehloAfterTls = { reply: e.reply, elapsedMs: since(ctx, ctx.stageStartedAt) };
    if (e.capabilities) ev.ehloAfterTls.capabilities = e.capabilities;
    next = afterReply(e.heloReply ?? e.reply);
  }
  if (ev.starttls) ev.starttls.elapsedMs = since(ctx, ctx.stepStartedAt);
  return next;
}

/** AUTH, at most once. Asked for and not done ends before MAIL: nothing is sent unauthenticated. */
export async function auth(ctx: StageContext): Promise<Next> {
  const { client, ev, o } = ctx;
  const offered = client.capabilities?.keywords.AUTH ?? [];
  if (!o.auth) {
    ev.auth = { offered, attempted: false, ok: false, skippedReason: 'no-credentials', elapsedMs: 0 };
    return 'next';
  }
  const credentials = o.auth;
  const r = await attempt(() => client.auth(credentials), 'auth');
  if (!r.ok) {
    ev.auth = { offered: client.capabilities?.keywords.AUTH ?? [], attempted: true, ok: false, elapsedMs: since(ctx, ctx.stageStartedAt), error: r.error };
    if (credentials.mechanism) ev.auth.mechanism = credentials.mechanism;
    return fail(ctx, r.error);
  }
  const a = r.value;
  if (!a.attempted) {
    ev.auth = { offered, attempted: false, ok: false, skippedReason: a.decision.reason, elapsedMs: since(ctx, ctx.stageStartedAt) };
    if (a.decision.mechanism) ev.auth.mechanism = a.decision.mechanism;
    // MAIL now would send the message unauthenticated. A clean stop, like a 535.
    ev.error = engineError('EPOLICY', 'auth', `AUTH was asked for but not done (${a.decision.message}): stopping before MAIL FROM, nothing is sent unauthenticated`).detail;
    ctx.transcript.add('info', 'stopping before MAIL FROM: AUTH was asked for but not done, and nothing is sent unauthenticated');
    return 'quit';
  }
  ev.auth = { offered, mechanism: a.mechanism, attempted: true, ok: a.ok, reply: a.reply, elapsedMs: since(ctx, ctx.stageStartedAt) };
  if (a.reply.code === 421) return 'drop';
  // One attempt per run; after a failure MAIL would only repeat "authentication required".
  return a.ok ? 'next' : 'quit';
}

/**
 * The step runner: connect (+implicit TLS) -> banner -> EHLO -> STARTTLS -> AUTH -> MAIL ->
 * RCPT -> DATA -> QUIT over one SmtpClient, filling SmtpEvidence as it goes.
 * It never throws for outcomes: the error that ended the session goes into `evidence.error`.
 * `stopAfter` ends with a clean QUIT after that stage (swaks' --quit-after).
 */
import type { EngineError, SmtpEvidence, SmtpReply } from '../../../shared/evidence.ts';
import type { StepId, StopStage } from '../../../shared/steps.ts';
import { hasCapability, sizeLimit } from './capabilities.ts';
import { composeMessage } from './compose-message.ts';
import { encodeDataPayload } from './data-encoding.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import { validateSmtpRunOptions, type SmtpRunOptions } from './run-options.ts';
import { SmtpClient } from './smtp-client.ts';
import { checkMailbox } from './address.ts';
import type { MailFromParams, RcptToParams } from './command-line.ts';
import { sendMoreTransactions, sendRecipients } from './more-transactions.ts';

export { validateSmtpRunOptions, type SmtpRunOptions } from './run-options.ts';

/** Ends the run early; `quit` says whether a clean QUIT may still be sent. */
class Stop {
  constructor(readonly quit: boolean) {}
}

const is2xx = (r: SmtpReply | undefined) => r !== undefined && r.code >= 200 && r.code < 300;

/**
 * Queue id from the final reply: Postfix "Ok: queued as 4BXYZ", Exim "OK id=1abc-000123-AB",
 * Exchange "[InternalId=123...]", Sendmail "Message accepted for delivery" has none.
 * Only the first 512 characters are looked at (bounded input for the regexes).
 */
export function parseQueueId(reply: SmtpReply): string | undefined {
  const text = reply.lines.join(' ').slice(0, 512);
  const m = /queued as ([A-Za-z0-9][A-Za-z0-9._-]{0,63})/i.exec(text) ?? /\bid=([A-Za-z0-9][A-Za-z0-9._-]{0,63})/i.exec(text) ?? /InternalId=([0-9]{1,40})/.exec(text);
  return m?.[1];
}

function detailOf(err: unknown, fallbackPhase: EngineError['phase']): EngineError {
  if (err instanceof SmtpEngineError) return err.detail;
  return engineError('EPROTO', fallbackPhase, err instanceof Error ? err.message : String(err)).detail;
}

function has8bit(bytes: Buffer): boolean {
  for (const b of bytes) if (b > 0x7f) return true;
  return false;
}

export async function runSmtp(o: SmtpRunOptions): Promise<SmtpEvidence> {
  const transcript = o.transcript;
  const ev: SmtpEvidence = { target: { host: o.host, port: o.port, security: o.security }, commands: [], violations: [], elapsedMs: 0 };
  if (o.stopAfter) ev.stopAfter = o.stopAfter;
  const t0 = transcript?.now?.() ?? 0;

  const problems = validateSmtpRunOptions(o);
  if (problems.length > 0) {
    for (const p of problems) transcript?.add?.('error', `invalid input: ${p.message}`);
    ev.error = problems[0] as EngineError;
    return ev;
  }

  const client = new SmtpClient({
    host: o.host,
    port: o.port,
    security: o.security,
    transcript,
    ...(o.family !== undefined ? { family: o.family } : {}),
    ...(o.tlsVerify !== undefined ? { tlsVerify: o.tlsVerify } : {}),
    ...(o.ca ? { ca: o.ca } : {}),
    ...(o.servername ? { servername: o.servername } : {}),
    ...(o.timeouts ? { timeouts: o.timeouts } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.auth?.allowPlaintext ? { allowPlaintextAuth: true } : {}),
    ...(o.auth?.allowUnverifiedTls ? { allowUnverifiedTls: true } : {}),
  });

  let step: StepId = 'connect';
  const begin = async (id: StepId) => {
    await o.beforeStep?.(id);
    step = id;
    o.onStep?.(id, 'start');
  };
  const end = () => o.onStep?.(step, 'end');
  const since = (t: number) => Math.round((transcript.now() - t) * 10) / 10;
  const stopAfter = (stage: StopStage) => {
    if (o.stopAfter === stage) {
      transcript.add('info', `stopping after ${stage} as asked`);
      throw new Stop(true);
    }
  };

  try {
    // The message is composed and encoded before connecting: a bad message sends nothing.
    let payload: Buffer | undefined;
    if (o.from !== undefined && o.to && o.to.length > 0) {
      try {
        const m = o.message;
        const raw =
          m && 'raw' in m
            ? m.raw
            : await composeMessage({
                from: o.from,
                to: o.to,
                ...(m?.subject !== undefined ? { subject: m.subject } : {}),
                ...(m?.text !== undefined ? { text: m.text } : {}),
                ...(m?.headers ? { headers: m.headers } : {}),
                messageIdDomain: o.ehloName.startsWith('[') ? 'smtp-probe.invalid' : o.ehloName,
              });
        payload = encodeDataPayload(raw);
      } catch (err) {
        throw engineError('EINVALID', 'data', `the message could not be composed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    // ---- connect (+ implicit TLS)
    await begin('connect');
    try {
      await client.open();
      ev.connect = { ok: true, elapsedMs: client.timings.connectMs ?? 0 };
      if (o.security === 'implicit') ev.implicitTls = { ok: true, elapsedMs: client.timings.tlsMs ?? 0 };
    } catch (err) {
      const detail = detailOf(err, 'connect');
      if (detail.phase === 'connect' || detail.phase === 'dns') ev.connect = { ok: false, elapsedMs: client.timings.connectMs ?? 0, error: detail };
      else {
        ev.connect = { ok: true, elapsedMs: client.timings.connectMs ?? 0 };
        ev.implicitTls = { ok: false, elapsedMs: client.timings.tlsMs ?? 0, error: detail };
      }
      throw err;
    } finally {
      end();
    }

    // ---- banner
    await begin('banner');
    try {
      const banner = await client.greeting();
      ev.banner = { reply: banner, elapsedMs: client.timings.bannerMs ?? 0 };
      if (banner.code === 421) throw new Stop(false);
      // RFC 5321 §3.1: after 554 the client should send QUIT, nothing else.
      if (banner.code !== 220) throw new Stop(true);
    } catch (err) {
      if (!(err instanceof Stop)) ev.banner = { elapsedMs: client.timings.bannerMs ?? 0, error: detailOf(err, 'greeting') };
      throw err;
    } finally {
      end();
    }
    stopAfter('banner');

    // ---- EHLO
    await begin('ehlo');
    let t = transcript.now();
    try {
      const e = await client.ehlo(o.ehloName);
      ev.ehlo = { name: o.ehloName, reply: e.reply, heloFallback: e.heloFallback, elapsedMs: since(t) };
      if (e.heloReply) ev.ehlo.heloReply = e.heloReply;
      if (e.capabilities) ev.ehlo.capabilities = e.capabilities;
      const last = e.heloReply ?? e.reply;
      if (last.code === 421) throw new Stop(false);
      if (!is2xx(last)) throw new Stop(true);
    } catch (err) {
      if (!(err instanceof Stop)) ev.ehlo = { name: o.ehloName, heloFallback: false, elapsedMs: since(t), error: detailOf(err, 'ehlo') };
      throw err;
    } finally {
      end();
    }
    stopAfter('ehlo');

    // ---- STARTTLS
    if (o.security !== 'implicit') {
      await begin('starttls');
      t = transcript.now();
      const offered = hasCapability(client.capabilities, 'STARTTLS');
      const st: NonNullable<SmtpEvidence['starttls']> = { offered, attempted: false, ok: false, elapsedMs: 0 };
      ev.starttls = st;
      try {
        if (o.security === 'none') {
          if (offered) transcript.add('info', 'STARTTLS is offered but not used (security: none)');
        } else if (!offered) {
          if (o.security === 'starttls') {
            throw engineError('EPOLICY', 'starttls', 'STARTTLS is required but the server does not offer it; stopping before AUTH (possible STARTTLS stripping)');
          }
          transcript.add('info', 'STARTTLS is not offered: going on without TLS (starttls-optional)');
        } else {
          st.attempted = true;
          const s = await client.starttls();
          st.reply = s.reply;
          if (s.reply.code === 421) throw new Stop(false);
          if (!s.ok) {
            if (o.security === 'starttls') {
              throw engineError('EPOLICY', 'starttls', `STARTTLS is required but the server answered ${s.reply.code}; stopping before AUTH`, { reply: s.reply, command: 'STARTTLS' });
            }
            transcript.add('info', `STARTTLS failed (${s.reply.code}): going on without TLS (starttls-optional)`);
          } else {
            st.ok = true;
            const t2 = transcript.now();
            try {
              const e = await client.ehloAfterTls(o.ehloName);
              ev.ehloAfterTls = { reply: e.reply, elapsedMs: since(t2) };
              if (e.capabilities) ev.ehloAfterTls.capabilities = e.capabilities;
              const last = e.heloReply ?? e.reply;
              if (last.code === 421) throw new Stop(false);
              if (!is2xx(last)) throw new Stop(true);
            } catch (err) {
              if (!(err instanceof Stop)) ev.ehloAfterTls = { elapsedMs: since(t2), error: detailOf(err, 'ehlo') };
              throw err;
            }
          }
        }
      } catch (err) {
        if (!(err instanceof Stop)) {
          const detail = detailOf(err, 'starttls');
          if (!ev.ehloAfterTls?.error) st.error = detail;
          if (detail.code === 'EINJECTION') st.injection = true;
          // A policy stop is clean: the server gets its QUIT.
          if (detail.code === 'EPOLICY') {
            ev.error = detail;
            throw new Stop(true);
          }
        }
        throw err;
      } finally {
        st.elapsedMs = since(t);
        end();
      }
      stopAfter('starttls');
    }

    // ---- AUTH
    await begin('auth');
    t = transcript.now();
    try {
      const offered = client.capabilities?.keywords.AUTH ?? [];
      if (!o.auth) {
        ev.auth = { offered, attempted: false, ok: false, skippedReason: 'no-credentials', elapsedMs: 0 };
      } else {
        const a = await client.auth(o.auth);
        if (!a.attempted) {
          ev.auth = { offered, attempted: false, ok: false, skippedReason: a.decision.reason, elapsedMs: since(t) };
          if (a.decision.mechanism) ev.auth.mechanism = a.decision.mechanism;
          // AUTH was asked for: MAIL now would send the message unauthenticated. A clean stop, like a 535.
          ev.error = engineError('EPOLICY', 'auth', `AUTH was asked for but not done (${a.decision.message}): stopping before MAIL FROM, nothing is sent unauthenticated`).detail;
          transcript.add('info', 'stopping before MAIL FROM: AUTH was asked for but not done, and nothing is sent unauthenticated');
          throw new Stop(true);
        } else {
          ev.auth = { offered, mechanism: a.mechanism, attempted: true, ok: a.ok, reply: a.reply, elapsedMs: since(t) };
          if (a.reply.code === 421) throw new Stop(false);
          // One attempt per run; after a failure MAIL would only repeat "authentication required".
          if (!a.ok) throw new Stop(true);
        }
      }
    } catch (err) {
      if (!(err instanceof Stop)) {
        ev.auth = { offered: client.capabilities?.keywords.AUTH ?? [], attempted: true, ok: false, elapsedMs: since(t), error: detailOf(err, 'auth') };
        if (o.auth?.mechanism) ev.auth.mechanism = o.auth.mechanism;
      }
      throw err;
    } finally {
      end();
    }
    stopAfter('auth');
    if (payload === undefined || o.from === undefined || !o.to) {
      transcript.add('info', 'no sender and recipients given: stopping before MAIL FROM');
      throw new Stop(true);
    }

    // ---- MAIL FROM
    let mailParams: MailFromParams = {};
    await begin('mail');
    try {
      const caps = client.capabilities;
      const utf8Needed = [o.from, ...o.to].some((a) => {
        const c = checkMailbox(a, a === o.from ? 'from' : 'to');
        return c.ok && c.needsSmtpUtf8;
      });
      // RFC 6531: a non-ASCII local part needs SMTPUTF8; never downgrade silently, and fail before MAIL is sent.
      if (utf8Needed && !hasCapability(caps, 'SMTPUTF8')) {
        throw engineError('EINVALID', 'mail', 'an address has a non-ASCII local part, and the server does not offer SMTPUTF8 (RFC 6531); nothing was sent for it');
      }
      const params: MailFromParams = {
        ...(hasCapability(caps, 'SIZE') ? { size: payload.length } : {}),
        ...(hasCapability(caps, '8BITMIME') && has8bit(payload) ? { body8bitmime: true } : {}),
        ...(hasCapability(caps, 'SMTPUTF8') && utf8Needed ? { smtputf8: true } : {}),
      };
      const limit = sizeLimit(caps);
      if (limit !== undefined && limit > 0 && payload.length > limit) {
        transcript.add('info', `the message (${payload.length} octets) is larger than the server's SIZE limit (${limit}); sending MAIL FROM anyway to see its answer`);
      }
      mailParams = params;
      const before = client.commands.length;
      const reply = await client.mailFrom(o.from, params).finally(() => {
        if (client.commands.length > before) ev.mail = client.commands[client.commands.length - 1];
      });
      if (reply.code === 421) throw new Stop(false);
      if (!is2xx(reply)) throw new Stop(true);
    } finally {
      end();
    }
    stopAfter('mail');

    // ---- RCPT TO
    await begin('rcpt');
    let deferred: string[] = [];
    let rcptParams: RcptToParams = {};
    try {
      ev.rcpt = [];
      const notify = o.dsnNotify && o.dsnNotify.length > 0 && hasCapability(client.capabilities, 'DSN') ? { notify: o.dsnNotify } : {};
      const smtputf8 = ev.mail?.command.includes(' SMTPUTF8') ? { smtputf8: true } : {};
      rcptParams = { ...notify, ...smtputf8 };
      const rcpt = ev.rcpt;
      const sent = await sendRecipients(client, o.to, rcptParams, (r) => rcpt.push(r));
      if (sent.closing) throw new Stop(false);
      deferred = sent.deferred;
      if (deferred.length > 0) {
        transcript.add('info', `the server took ${sent.accepted} recipients and answered 452 (too many recipients); the other ${deferred.length} follow in a new transaction once this message is sent`);
      }
      if (sent.accepted === 0) throw new Stop(true);
    } finally {
      end();
    }
    stopAfter('rcpt');

    // ---- DATA
    await begin('data');
    try {
      ev.data = { sizeOctets: payload.length };
      const before = client.commands.length;
      try {
        const d = await client.data(payload);
        if (d.end) {
          const queueId = parseQueueId(d.end);
          if (queueId) ev.data.queueId = queueId;
        }
        const last = d.end ?? d.start;
        if (last.code === 421) throw new Stop(false);
        if (!is2xx(d.end)) throw new Stop(true);
      } finally {
        const records = client.commands.slice(before);
        if (records[0]) ev.data.start = records[0];
        if (records[1]) ev.data.end = records[1];
      }
      if (deferred.length > 0) {
        const more: NonNullable<SmtpEvidence['moreTransactions']> = (ev.moreTransactions = []);
        const outcome = await sendMoreTransactions({ client, transcript, from: o.from, deferred, payload, mailParams, rcptParams, record: (tx) => more.push(tx), parseQueueId });
        if (outcome === 'closing') throw new Stop(false);
      }
    } finally {
      end();
    }
    throw new Stop(true);
  } catch (err) {
    let quit = false;
    if (err instanceof Stop) quit = err.quit;
    else if (!ev.error) ev.error = detailOf(err, 'command');
    if (err instanceof SmtpEngineError && err.code === 'EINVALID' && client.capabilities) quit = true;
    if (quit) await sendQuit(client, ev, begin, end);
  } finally {
    client.close();
    ev.commands = [...client.commands];
    ev.violations = [...client.violations];
    if (client.closedByServer) ev.closedByServer = client.closedByServer;
    if (client.tlsReport) ev.tls = client.tlsReport;
    Object.assign(ev.target, client.remote);
    ev.elapsedMs = since(t0);
  }
  return ev;
}

/** A clean QUIT; its failure is recorded but does not replace an earlier error. */
async function sendQuit(client: SmtpClient, ev: SmtpEvidence, begin: (id: StepId) => Promise<void>, end: () => void): Promise<void> {
  if (!client.canSend()) return;
  await begin('quit');
  try {
    // The gate may have waited: the server can have closed the connection meanwhile.
    if (!client.canSend()) return;
    await client.quit();
  } catch (err) {
    if (!ev.error) ev.error = detailOf(err, 'quit');
  } finally {
    const last = client.commands[client.commands.length - 1];
    if (last && last.command === 'QUIT') ev.quit = last;
    end();
  }
}

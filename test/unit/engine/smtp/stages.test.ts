/**
 * The runner's stages, one at a time and as the whole table, fed with replies by a fake client
 * (no sockets): what each stage puts in the evidence and what it says happens next.
 */
import { describe, expect, it } from 'vitest';
import type { SmtpEvidence } from '../../../../shared/evidence.ts';
import type { StepId } from '../../../../shared/steps.ts';
import type { SmtpRunOptions } from '../../../../electron/engine/smtp/run-options.ts';
import { runStages } from '../../../../electron/engine/smtp/run-smtp.ts';
import { auth, banner, ehlo, starttls } from '../../../../electron/engine/smtp/session-stages.ts';
import { createStageContext, type StageContext } from '../../../../electron/engine/smtp/stage-context.ts';
import { data, mail, rcpt } from '../../../../electron/engine/smtp/transaction-stages.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { failure, fakeClient, reply, type FakeClient, type Script } from './fake-stage-client.ts';
import { runOptions, type FlatRunOptions } from '../../../helpers/direct-connection.ts';

const PASSWORD = 'Canary-9f3e-Canary-9f3e';

function setup(script: Script = {}, options: Partial<FlatRunOptions> = {}): { ctx: StageContext; client: FakeClient; ev: SmtpEvidence } {
  const o: SmtpRunOptions = runOptions({ host: 'mx.test', port: 25, security: 'starttls-optional', ehloName: 'client.test', transcript: createTranscript(), ...options });
  const client = fakeClient(script);
  const ev: SmtpEvidence = { target: { host: o.connection.dial, port: o.connection.port, security: o.connection.security }, commands: [], violations: [], elapsedMs: 0 };
  return { ctx: createStageContext(o, client, ev), client, ev };
}

const envelope = { from: 'me@client.test', to: ['a@mx.test', 'b@mx.test'] };

describe('one stage at a time', () => {
  it('banner: 220 goes on, 554 QUITs, 421 closes, a silent server is its error', async () => {
    expect(await banner(setup().ctx)).toBe('next');
    const refused = setup({ greeting: reply(554, 'go away') });
    expect(await banner(refused.ctx)).toBe('quit');
    expect(refused.ev.banner?.reply?.code).toBe(554);
    expect(await banner(setup({ greeting: reply(421, 'busy') }).ctx)).toBe('drop');
    const silent = setup({ greeting: failure({ code: 'ETIMEDOUT', phase: 'greeting', message: 'no banner' }) });
    expect(await banner(silent.ctx)).toBe('drop');
    expect(silent.ev.banner?.error?.code).toBe('ETIMEDOUT');
    expect(silent.ev.error?.code).toBe('ETIMEDOUT');
  });

  it('ehlo: capabilities on 250; HELO after 5xx; a 4xx QUITs', async () => {
    const ok = setup();
    expect(await ehlo(ok.ctx)).toBe('next');
    expect(ok.ev.ehlo?.capabilities?.keywords.STARTTLS).toEqual([]);
    const old = setup({ ehlo: reply(502, 'no'), helo: reply(250, 'hi') });
    expect(await ehlo(old.ctx)).toBe('next');
    expect(old.ev.ehlo).toMatchObject({ heloFallback: true, heloReply: { code: 250 } });
    expect(await ehlo(setup({ ehlo: reply(451, 'later') }).ctx)).toBe('quit');
  });

  it('starttls: required and not offered stops with EPOLICY and QUIT, before anything is sent', async () => {
    const s = setup({}, { security: 'starttls' });
    s.client.capabilities = undefined;
    expect(await starttls(s.ctx)).toBe('quit');
    expect(s.ev.starttls).toMatchObject({ offered: false, attempted: false, error: { code: 'EPOLICY' } });
    expect(s.ev.error?.code).toBe('EPOLICY');
    expect(s.client.sent).toEqual([]);
  });

  it('starttls: a 454 is an outcome when TLS is optional, a policy stop when required; injection is flagged and closes', async () => {
    const optional = setup({ starttls: reply(454, 'no tls') });
    await ehlo(optional.ctx);
    expect(await starttls(optional.ctx)).toBe('next');
    expect(optional.ev.starttls).toMatchObject({ attempted: true, ok: false, reply: { code: 454 } });
    const required = setup({ starttls: reply(454, 'no tls') }, { security: 'starttls' });
    await ehlo(required.ctx);
    expect(await starttls(required.ctx)).toBe('quit');
    expect(required.ev.error).toMatchObject({ code: 'EPOLICY', phase: 'starttls' });
    const injected = setup({ starttls: failure({ code: 'EINJECTION', phase: 'starttls', message: 'bytes with the 220' }) });
    await ehlo(injected.ctx);
    expect(await starttls(injected.ctx)).toBe('drop');
    expect(injected.ev.starttls).toMatchObject({ injection: true, error: { code: 'EINJECTION' } });
  });

  it('auth: asked for and not done ends before MAIL with QUIT (EPOLICY at auth); a 535 QUITs; no credentials goes on', async () => {
    const withheld = setup({ auth: { attempted: false, decision: { ok: false, reason: 'plaintext-refused', message: 'no TLS' } } }, { auth: { user: 'u', password: PASSWORD } });
    expect(await auth(withheld.ctx)).toBe('quit');
    expect(withheld.ev.error).toMatchObject({ code: 'EPOLICY', phase: 'auth' });
    expect(withheld.ev.auth).toMatchObject({ attempted: false, skippedReason: 'plaintext-refused' });
    const refused = setup({ auth: { attempted: true, mechanism: 'PLAIN', ok: false, reply: reply(535, 'bad'), steps: [] } }, { auth: { user: 'u', password: PASSWORD } });
    expect(await auth(refused.ctx)).toBe('quit');
    expect(refused.ev.error).toBeUndefined();
    const none = setup();
    expect(await auth(none.ctx)).toBe('next');
    expect(none.ev.auth?.skippedReason).toBe('no-credentials');
  });

  it('mail: the MAIL record is the evidence, a failed one included; a non-ASCII local part without SMTPUTF8 is EINVALID and QUITs', async () => {
    const ok = setup({}, envelope);
    ok.ctx.payload = Buffer.from('Subject: t\r\n\r\nhi\r\n.\r\n');
    await ehlo(ok.ctx);
    expect(await mail(ok.ctx)).toBe('next');
    expect(ok.ev.mail).toMatchObject({ command: 'MAIL FROM:<me@client.test>', reply: { code: 250 } });
    const lost = setup({ mail: [failure({ code: 'ECONNRESET', phase: 'mail', message: 'reset' })] }, envelope);
    lost.ctx.payload = ok.ctx.payload;
    await ehlo(lost.ctx);
    expect(await mail(lost.ctx)).toBe('drop');
    expect(lost.ev.mail?.error?.code).toBe('ECONNRESET');
    const utf8 = setup({}, { ...envelope, from: 'jörg@client.test' });
    utf8.ctx.payload = ok.ctx.payload;
    await ehlo(utf8.ctx);
    expect(await mail(utf8.ctx)).toBe('quit');
    expect(utf8.ev.error).toMatchObject({ code: 'EINVALID', phase: 'mail' });
    expect(utf8.client.sent).toEqual(['EHLO client.test']);
  });

  it('rcpt: a 452 after an accepted recipient defers the rest; none accepted QUITs; a 421 closes', async () => {
    const limited = setup({ rcpt: [reply(250), reply(452, 'too many')] }, envelope);
    limited.ctx.payload = Buffer.from('x\r\n.\r\n');
    expect(await rcpt(limited.ctx)).toBe('next');
    expect(limited.ctx.deferred).toEqual(['b@mx.test']);
    expect(limited.ev.rcpt?.map((r) => r.reply?.code)).toEqual([250, 452]);
    const refused = setup({ rcpt: [reply(550), reply(550)] }, envelope);
    refused.ctx.payload = limited.ctx.payload;
    expect(await rcpt(refused.ctx)).toBe('quit');
    const closing = setup({ rcpt: [reply(421, 'bye')] }, envelope);
    closing.ctx.payload = limited.ctx.payload;
    expect(await rcpt(closing.ctx)).toBe('drop');
    expect(closing.client.sent).toEqual(['RCPT TO:<a@mx.test>']);
  });

  it('data: the queue id from the final reply; no reply after the dot keeps both records and the error', async () => {
    const ok = setup({}, envelope);
    ok.ctx.payload = Buffer.from('x\r\n.\r\n');
    expect(await data(ok.ctx)).toBe('next');
    expect(ok.ev.data).toMatchObject({ queueId: 'ABC123', sizeOctets: 6, start: { reply: { code: 354 } }, end: { reply: { code: 250 } } });
    const lost = setup({ dataEnd: [failure({ code: 'ETIMEDOUT', phase: 'data-end', message: 'no reply after the dot' })] }, envelope);
    lost.ctx.payload = ok.ctx.payload;
    expect(await data(lost.ctx)).toBe('drop');
    expect(lost.ev.data).toMatchObject({ start: { reply: { code: 354 } }, end: { error: { code: 'ETIMEDOUT', phase: 'data-end' } } });
  });
});

/** Runs the whole table and returns what was sent and the step events in order. */
async function walk(script: Script, options: Partial<FlatRunOptions> = {}) {
  const s = setup(script, options);
  if (options.from) s.ctx.payload = Buffer.from('Subject: t\r\n\r\nhi\r\n.\r\n');
  const events: string[] = [];
  await runStages(s.ctx, {
    beforeStep: async (step: StepId) => void events.push(`gate:${step}`),
    onStep: (step, phase) => events.push(`${step}:${phase}`),
    ...(options.stopAfter ? { stopAfter: options.stopAfter } : {}),
  });
  return { ...s, events };
}

describe('the table', () => {
  it('walks every step in order, each under its gate and one pair of events (STARTTLS and EHLO again are one step)', async () => {
    const { client, events, ev } = await walk({}, envelope);
    expect(client.sent).toEqual(['EHLO client.test', 'STARTTLS', 'EHLO client.test', 'MAIL FROM:<me@client.test>', 'RCPT TO:<a@mx.test>', 'RCPT TO:<b@mx.test>', 'DATA', '.', 'QUIT']);
    const steps: StepId[] = ['connect', 'banner', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'quit'];
    expect(events).toEqual(steps.flatMap((s) => [`gate:${s}`, `${s}:start`, `${s}:end`]));
    expect(ev.error).toBeUndefined();
    expect(ev.quit?.reply?.code).toBe(221);
  });

  it('stop-after ends with QUIT after that step', async () => {
    const { client, events, ctx } = await walk({}, { ...envelope, stopAfter: 'ehlo' });
    expect(client.sent).toEqual(['EHLO client.test', 'QUIT']);
    expect(events.slice(-3)).toEqual(['gate:quit', 'quit:start', 'quit:end']);
    expect((ctx.transcript as ReturnType<typeof createTranscript>).events.map((e) => e.text)).toContain('stopping after ehlo as asked');
  });

  it('a 421 anywhere ends without QUIT', async () => {
    const { client, events } = await walk({ mail: [reply(421, 'closing')] }, envelope);
    expect(client.sent.at(-1)).toBe('MAIL FROM:<me@client.test>');
    expect(events.at(-1)).toBe('mail:end');
  });

  it('AUTH asked for and not done sends QUIT and no MAIL', async () => {
    const { client, ev } = await walk({ auth: { attempted: false, decision: { ok: false, reason: 'not-offered', message: 'not offered' } } }, { ...envelope, auth: { user: 'u', password: PASSWORD } });
    expect(client.sent).toEqual(['EHLO client.test', 'STARTTLS', 'EHLO client.test', 'QUIT']);
    expect(ev.error).toMatchObject({ code: 'EPOLICY', phase: 'auth' });
  });

  it('an input error after EHLO still QUITs; a transport failure does not', async () => {
    const utf8 = await walk({}, { ...envelope, from: 'jörg@client.test' });
    expect(utf8.client.sent.at(-1)).toBe('QUIT');
    expect(utf8.ev.error?.code).toBe('EINVALID');
    const reset = await walk({ rcpt: [failure({ code: 'ECONNRESET', phase: 'rcpt', message: 'reset' })] }, envelope);
    expect(reset.client.sent.at(-1)).toBe('RCPT TO:<a@mx.test>');
    expect(reset.ev.rcpt?.[0]?.error?.code).toBe('ECONNRESET');
  });

  it('without sender and recipients the session ends after AUTH with QUIT, no MAIL step', async () => {
    const { client, events } = await walk({});
    expect(client.sent.at(-1)).toBe('QUIT');
    expect(events).not.toContain('gate:mail');
  });

  it('a 452 sends the deferred recipients in a follow-up transaction inside the DATA step', async () => {
    const { client, ev, events } = await walk({ rcpt: [reply(250), reply(452, 'too many'), reply(250)], dataEnd: [reply(250, 'queued as A1'), reply(250, 'queued as B2')] }, envelope);
    expect(client.sent.slice(3)).toEqual(['MAIL FROM:<me@client.test>', 'RCPT TO:<a@mx.test>', 'RCPT TO:<b@mx.test>', 'DATA', '.', 'MAIL FROM:<me@client.test>', 'RCPT TO:<b@mx.test>', 'DATA', '.', 'QUIT']);
    expect(ev.data?.queueId).toBe('A1');
    expect(ev.moreTransactions).toMatchObject([{ queueId: 'B2', rcpt: [{ reply: { code: 250 } }] }]);
    expect(events.filter((e) => e.startsWith('data:'))).toEqual(['data:start', 'data:end']);
  });
});

describe('fast mode over the same table (RFC 2920)', () => {
  const pipelining = { ehloAfterTls: reply(250, 'mx.test', 'PIPELINING', 'AUTH PLAIN') };
  const group = 'MAIL FROM:<me@client.test> + RCPT TO:<a@mx.test> + RCPT TO:<b@mx.test> + DATA';

  it('sends the envelope as one group inside the MAIL step when PIPELINING is offered; the stages then take the replies', async () => {
    const { client, ev, events } = await walk(pipelining, { ...envelope, fast: true });
    expect(client.sent.slice(3, 4)).toEqual([group]);
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([250, 250]);
    expect(ev.data?.end?.reply?.code).toBe(250);
    expect(events.filter((e) => e.startsWith('gate:'))).toEqual(['gate:connect', 'gate:banner', 'gate:ehlo', 'gate:starttls', 'gate:auth', 'gate:mail', 'gate:rcpt', 'gate:data', 'gate:quit']);
  });

  it('without PIPELINING, or with a stop after a step, the run is step by step', async () => {
    const plain = await walk({}, { ...envelope, fast: true });
    expect(plain.client.sent).not.toContain(group);
    expect(plain.ctx.transcript.events.some((e) => e.dir === 'info' && /does not offer PIPELINING/.test(e.text))).toBe(true);
    const stopped = await walk(pipelining, { ...envelope, fast: true, stopAfter: 'rcpt' });
    expect(stopped.client.sent).not.toContain(group);
    expect(stopped.client.sent.at(-1)).toBe('QUIT');
    const asked = await walk(pipelining, envelope);
    expect(asked.client.sent).not.toContain(group);
  });
});

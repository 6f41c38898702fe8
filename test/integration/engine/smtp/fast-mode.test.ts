/**
 * Fast mode (RFC 2920) against scripted servers on loopback: MAIL, every RCPT and DATA leave in
 * one write, their replies are matched to the commands in order, QUIT goes behind the final dot,
 * and the evidence has the step mode's shape. Proven by what the server received and when it
 * answered (it holds the envelope's replies until DATA arrives), never by timings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpEvidence } from '../../../../shared/evidence.ts';
import { runSmtp } from '../../../../electron/engine/smtp/run-smtp.ts';
import { SmtpClient } from '../../../../electron/engine/smtp/smtp-client.ts';
import { createTranscript, type TranscriptSink } from '../../../../electron/engine/transcript.ts';
import { basicReply, startHostileServer, type HostileServer, type Scenario } from '../../../helpers/hostile-server.ts';
import { clientOptions, runOptions, type FlatRunOptions } from '../../../helpers/direct-connection.ts';

const timeouts = { connect: 2000, tlsHandshake: 1000, greeting: 1000, command: 1000, dataStart: 1000, dataEnd: 1000 };
const GREETING = '220 pipelining.test ESMTP\r\n';
const envelope = { from: 'sender@client.test', to: ['one@pipelining.test', 'two@pipelining.test'], message: { raw: Buffer.from('Subject: fast\r\n\r\nhello\r\n') } };

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Options = { extensions?: string[]; rcpt?: (line: string, index: number) => string; hold?: boolean };

/**
 * A pipelining server that, with `hold`, answers MAIL and RCPT only once DATA has arrived: a client
 * waiting for each reply would stall here (command deadline), a pipelining one does not.
 */
function pipeliningServer(o: Options = {}): Scenario {
  const extensions = o.extensions ?? ['PIPELINING', 'SIZE 1000000', '8BITMIME'];
  let held: string[] = [];
  let inData = false;
  let rcpts = 0;
  return {
    greeting: GREETING,
    onLine: (line, ctx) => {
      if (inData) {
        if (line !== '.') return;
        inData = false;
        ctx.write(rcpts > 0 ? '250 2.0.0 Ok: queued as FAST1\r\n' : '554 5.5.1 no valid recipients\r\n');
        return;
      }
      const verb = (line.split(/[ :]/)[0] ?? '').toUpperCase();
      // Only the first transaction is held: a later one (after a 452) goes step by step.
      const answer = (text: string) => (o.hold && !ctx.lines.slice(0, -1).includes('DATA') ? held.push(text) : ctx.write(text));
      if (verb === 'MAIL') return answer('250 2.1.0 Ok\r\n');
      if (verb === 'RCPT') {
        const r = o.rcpt?.(line, ctx.lines.filter((l) => l.startsWith('RCPT')).length - 1) ?? '250 2.1.5 Ok\r\n';
        if (r.startsWith('250')) rcpts++;
        return answer(r);
      }
      if (verb === 'DATA') {
        inData = true;
        ctx.write(`${held.join('')}354 go ahead\r\n`);
        held = [];
        return;
      }
      if (verb === 'QUIT') return ctx.end('221 2.0.0 bye\r\n');
      ctx.write(basicReply(line, extensions) ?? '502 5.5.2 unknown\r\n');
    },
  };
}

async function run(scenario: Scenario, extra: Partial<FlatRunOptions> = {}): Promise<{ ev: SmtpEvidence; transcript: TranscriptSink; server: HostileServer }> {
  server = await startHostileServer(scenario);
  const transcript = createTranscript();
  const ev = await runSmtp(runOptions({ host: '127.0.0.1', port: server.port, security: 'none', ehloName: 'client.test', timeouts, transcript, ...envelope, ...extra }));
  return { ev, transcript, server };
}

/** The segments the client wrote, as text (one entry per chunk the server read). */
const segments = (s: HostileServer) => s.plainBytes.map((b) => b.toString('latin1'));
const clientLines = (t: TranscriptSink) => t.events.filter((e) => e.dir === 'C' || e.dir === 'S').map((e) => `${e.dir}: ${e.text}`);

describe('fast mode (RFC 2920 pipelining of the envelope)', () => {
  it('sends MAIL, both RCPTs and DATA in one segment, matches the replies in order, and puts QUIT behind the final dot', async () => {
    const { ev, transcript, server } = await run(pipeliningServer({ hold: true }), { fast: true });
    expect(ev.error).toBeUndefined();
    const group = segments(server).find((s) => s.startsWith('MAIL FROM:'));
    expect(group).toBe('MAIL FROM:<sender@client.test> SIZE=27\r\nRCPT TO:<one@pipelining.test>\r\nRCPT TO:<two@pipelining.test>\r\nDATA\r\n');
    expect(segments(server).some((s) => s.endsWith('\r\n.\r\nQUIT\r\n'))).toBe(true);
    // The evidence has step mode's shape: one record per command with its own reply.
    expect(ev.mail).toMatchObject({ step: 'mail', command: 'MAIL FROM:<sender@client.test> SIZE=27', reply: { code: 250 } });
    expect(ev.rcpt?.map((r) => [r.command, r.reply?.code])).toEqual([
      ['RCPT TO:<one@pipelining.test>', 250],
      ['RCPT TO:<two@pipelining.test>', 250],
    ]);
    expect(ev.data).toMatchObject({ start: { reply: { code: 354 } }, end: { reply: { code: 250 } }, queueId: 'FAST1' });
    expect(ev.quit).toMatchObject({ command: 'QUIT', reply: { code: 221 } });
    expect(ev.commands.map((c) => [c.command, c.reply?.code])).toEqual([
      ['EHLO client.test', 250],
      ['MAIL FROM:<sender@client.test> SIZE=27', 250],
      ['RCPT TO:<one@pipelining.test>', 250],
      ['RCPT TO:<two@pipelining.test>', 250],
      ['DATA', 354],
      ['.', 250],
      ['QUIT', 221],
    ]);
    // The transcript: the group's commands, then their replies in the same order.
    const lines = clientLines(transcript);
    const from = lines.indexOf('C: MAIL FROM:<sender@client.test> SIZE=27');
    expect(lines.slice(from, from + 8)).toEqual([
      'C: MAIL FROM:<sender@client.test> SIZE=27',
      'C: RCPT TO:<one@pipelining.test>',
      'C: RCPT TO:<two@pipelining.test>',
      'C: DATA',
      'S: 250 2.1.0 Ok',
      'S: 250 2.1.5 Ok',
      'S: 250 2.1.5 Ok',
      'S: 354 go ahead',
    ]);
    expect(lines.slice(-4)).toEqual(['C: .', 'C: QUIT', 'S: 250 2.0.0 Ok: queued as FAST1', 'S: 221 2.0.0 bye']);
  });

  it('composes the message aside, after EHLO: one that cannot be made ends the session before MAIL, with QUIT and the reason', async () => {
    // A header value of 1200 octets with nowhere to fold: the composer refuses it (lines over 998 octets).
    const message = { subject: 'fast', text: 'hello', headers: [['X-Long', 'x'.repeat(1200)]] as [string, string][] };
    const { ev, server } = await run(pipeliningServer(), { fast: true, message });
    expect(ev.error).toMatchObject({ code: 'EINVALID', phase: 'data', message: expect.stringMatching(/^the message could not be composed: .*998 octets/) });
    expect(server.lines).toEqual(['EHLO client.test', 'QUIT']);
    expect(ev.quit).toMatchObject({ reply: { code: 221 } });
  });

  it('step mode composes the message before connecting: one that cannot be made sends nothing at all', async () => {
    const message = { subject: 'step', text: 'hello', headers: [['X-Long', 'x'.repeat(1200)]] as [string, string][] };
    const { ev, server } = await run(pipeliningServer(), { message });
    expect(ev.error).toMatchObject({ code: 'EINVALID', phase: 'data' });
    expect(server.connections).toBe(0);
  });

  it('reports a refused RCPT in the group as step mode does, and still sends the message to the other', async () => {
    const refuse = (_line: string, i: number) => (i === 0 ? '550 5.1.1 no such user\r\n' : '250 2.1.5 Ok\r\n');
    const fast = await run(pipeliningServer({ hold: true, rcpt: refuse }), { fast: true });
    await server?.close();
    const step = await run(pipeliningServer({ rcpt: refuse }));
    for (const { ev } of [fast, step]) {
      expect(ev.error).toBeUndefined();
      expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([550, 250]);
      // Pipelined or not, each RCPT record carries its own recipient (the diagnosis names the refused one from it).
      expect(ev.rcpt?.map((r) => r.address)).toEqual(['one@pipelining.test', 'two@pipelining.test']);
      expect(ev.data?.end?.reply?.code).toBe(250);
      expect(ev.quit?.reply?.code).toBe(221);
    }
    expect(segments(fast.server).some((s) => s.includes('RCPT TO:<one@pipelining.test>\r\nRCPT TO:<two@pipelining.test>\r\nDATA\r\n'))).toBe(true);
    expect(segments(step.server).some((s) => s.includes('DATA') && s.includes('RCPT'))).toBe(false);
  });

  it('when every RCPT is refused but DATA gets 354, sends the final dot alone (RFC 2920 §3.1) and no message', async () => {
    const { ev, server } = await run(pipeliningServer({ hold: true, rcpt: () => '550 5.1.1 no such user\r\n' }), { fast: true });
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([550, 550]);
    // As in step mode: no accepted recipient, no DATA evidence; the session ends with QUIT.
    expect(ev.data).toBeUndefined();
    expect(ev.quit?.reply?.code).toBe(221);
    expect(server.lines.slice(-3)).toEqual(['DATA', '.', 'QUIT']);
    expect(server.lines).not.toContain('Subject: fast');
    expect(ev.commands.find((c) => c.command === '.')?.reply?.code).toBe(554);
  });

  it('a 452 in the group: QUIT is not put behind the dot, and the deferred recipient follows in a new transaction', async () => {
    const { ev, server } = await run(pipeliningServer({ hold: true, rcpt: (_l, i) => (i === 1 ? '452 4.5.3 too many recipients\r\n' : '250 2.1.5 Ok\r\n') }), { fast: true });
    expect(ev.error).toBeUndefined();
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([250, 452]);
    expect(ev.data?.end?.reply?.code).toBe(250);
    expect(ev.moreTransactions?.[0]?.rcpt.map((r) => r.command)).toEqual(['RCPT TO:<two@pipelining.test>']);
    expect(segments(server).some((s) => s.includes('QUIT') && s.includes('.\r\n'))).toBe(false);
    expect(ev.quit?.reply?.code).toBe(221);
  });

  it('a 452 followed by a 250 in the group: only the recipient answered 452 is sent again (the other was accepted)', async () => {
    const three = { ...envelope, to: [...envelope.to, 'three@pipelining.test'] };
    const { ev } = await run(pipeliningServer({ hold: true, rcpt: (_l, i) => (i === 1 ? '452 4.2.2 mailbox busy\r\n' : '250 2.1.5 Ok\r\n') }), { fast: true, ...three });
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([250, 452, 250]);
    expect(ev.moreTransactions?.map((t) => t.rcpt.map((r) => r.command))).toEqual([['RCPT TO:<two@pipelining.test>']]);
  });

  it('a 421 to MAIL in the group: reported as in step mode, nothing more is read or sent', async () => {
    const scenario = pipeliningServer({ hold: true });
    const inner = scenario.onLine;
    scenario.onLine = (line, ctx) => (line === 'DATA' ? ctx.end('421 4.3.2 shutting down\r\n') : inner?.(line, ctx));
    const { ev, server } = await run(scenario, { fast: true });
    expect(ev.mail?.reply?.code).toBe(421);
    expect(ev.rcpt).toBeUndefined();
    expect(ev.closedByServer).toMatchObject({ afterReply: { code: 421 } });
    expect(server.lines.at(-1)).toBe('DATA');
  });

  it('the group is one operation: a call made while it is on the wire is refused (EPOLICY) with nothing sent', async () => {
    server = await startHostileServer(pipeliningServer({ hold: true }));
    const client = new SmtpClient(clientOptions({ host: '127.0.0.1', port: server.port, security: 'none', timeouts, transcript: createTranscript() }));
    await client.connect();
    await client.ehlo('client.test');
    const payload = Buffer.from('Subject: fast\r\n\r\nhello\r\n.\r\n');
    const [group, rcpt, noop] = await Promise.allSettled([client.pipelineEnvelope('a@client.test', {}, ['b@pipelining.test'], {}, payload), client.rcptTo('b@pipelining.test'), client.noop()]);
    expect(group.status).toBe('fulfilled');
    for (const refused of [rcpt, noop]) expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'EPOLICY' } });
    expect(server.lines.filter((l) => l.startsWith('RCPT') || l === 'NOOP')).toEqual(['RCPT TO:<b@pipelining.test>']);
    // Then the kept replies, in order, as the stages take them.
    expect((await client.mailFrom('a@client.test')).reply.code).toBe(250);
    expect((await client.rcptTo('b@pipelining.test')).reply.code).toBe(250);
    expect((await client.data(payload)).end?.reply.code).toBe(250);
    expect((await client.quit()).reply.code).toBe(221);
    expect(server.lines.filter((l) => l === 'QUIT')).toEqual(['QUIT']);
  });

  it('falls back to one command per reply, with an info line, when PIPELINING is not offered', async () => {
    const { ev, transcript, server } = await run(pipeliningServer({ extensions: ['SIZE 1000000'] }), { fast: true });
    expect(ev.error).toBeUndefined();
    expect(ev.data?.end?.reply?.code).toBe(250);
    expect(transcript.events.some((e) => e.dir === 'info' && /does not offer PIPELINING/.test(e.text))).toBe(true);
    const envelopeWrites = segments(server).filter((s) => /^(MAIL|RCPT|DATA)/.test(s));
    expect(envelopeWrites.map((s) => s.split('\r\n')[0]?.split(/[ :]/)[0])).toEqual(['MAIL', 'RCPT', 'RCPT', 'DATA']);
    expect(envelopeWrites.every((s) => s.split('\r\n').length === 2)).toBe(true);
  });

  it('stays in step mode with stopAfter (a run that stops between steps is never pipelined)', async () => {
    const { ev, server } = await run(pipeliningServer(), { fast: true, stopAfter: 'rcpt' });
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([250, 250]);
    expect(server.lines).not.toContain('DATA');
    expect(segments(server).every((s) => (s.match(/\r\n/g)?.length ?? 0) === 1)).toBe(true);
  });
});

type ChunkingOptions = { rcpt?: (line: string, index: number) => string; bdat?: (accepted: number) => string; hold?: boolean };

/**
 * A server offering PIPELINING and CHUNKING (RFC 3030) that, unless `hold` is false, holds the
 * replies of the first transaction until its BDAT chunk is complete: a client waiting for any
 * reply before sending the rest would stall. It reads `BDAT <n> LAST` as n octets of CRLF lines,
 * and DATA as usual.
 */
function chunkingServer(o: ChunkingOptions = {}): Scenario & { chunks: string[] } {
  const chunks: string[] = [];
  let held: string[] = [];
  let chunkLeft = 0;
  let chunk: string[] = [];
  let inData = false;
  let accepted = 0;
  let transactions = 0;
  const scenario: Scenario = {
    greeting: GREETING,
    onLine: (line, ctx) => {
      if (chunkLeft > 0) {
        chunk.push(line);
        chunkLeft -= Buffer.byteLength(line) + 2;
        if (chunkLeft > 0) return;
        chunks.push(chunk.join('\r\n'));
        ctx.write(`${held.join('')}${o.bdat?.(accepted) ?? (accepted > 0 ? '250 2.0.0 Ok: queued as CHUNK1\r\n' : '554 5.5.1 Error: no valid recipients\r\n')}`);
        held = [];
        return;
      }
      if (inData) {
        if (line === '.') {
          inData = false;
          ctx.write('250 2.0.0 Ok: queued as DATA1\r\n');
        }
        return;
      }
      const verb = (line.split(/[ :]/)[0] ?? '').toUpperCase();
      const answer = (text: string) => (o.hold !== false && transactions === 1 ? held.push(text) : ctx.write(text));
      if (verb === 'MAIL') {
        transactions++;
        accepted = 0;
        return answer('250 2.1.0 Ok\r\n');
      }
      if (verb === 'RCPT') {
        const r = o.rcpt?.(line, ctx.lines.filter((l) => l.startsWith('RCPT')).length - 1) ?? '250 2.1.5 Ok\r\n';
        if (r.startsWith('250')) accepted++;
        return answer(r);
      }
      if (verb === 'BDAT') {
        chunkLeft = Number(line.split(' ')[1]);
        chunk = [];
        return;
      }
      if (verb === 'DATA') {
        inData = true;
        return ctx.write('354 go ahead\r\n');
      }
      if (verb === 'QUIT') return ctx.end('221 2.0.0 bye\r\n');
      ctx.write(basicReply(line, ['PIPELINING', 'CHUNKING', 'SIZE 1000000']) ?? '502 5.5.2 unknown\r\n');
    },
  };
  return Object.assign(scenario, { chunks });
}

describe('fast mode with CHUNKING (RFC 3030: BDAT LAST in the group)', () => {
  const dotted = { message: { raw: Buffer.from('Subject: chunk\n\n.a line starting with a dot\r\nend') } };
  const chunk = 'Subject: chunk\r\n\r\n.a line starting with a dot\r\nend\r\n';

  it('sends MAIL, the RCPTs, BDAT <n> LAST, the message (not dot-stuffed) and QUIT in one segment, and matches the replies in order', async () => {
    const scenario = chunkingServer();
    const { ev, transcript, server } = await run(scenario, { fast: true, ...dotted });
    expect(ev.error).toBeUndefined();
    const n = Buffer.byteLength(chunk);
    expect(segments(server)).toContain(`MAIL FROM:<sender@client.test> SIZE=${n}\r\nRCPT TO:<one@pipelining.test>\r\nRCPT TO:<two@pipelining.test>\r\nBDAT ${n} LAST\r\n${chunk}QUIT\r\n`);
    expect(scenario.chunks).toEqual([chunk.slice(0, -2)]);
    expect(ev.data).toEqual({ chunked: true, sizeOctets: n, queueId: 'CHUNK1', end: expect.objectContaining({ step: 'data', command: `BDAT ${n} LAST`, reply: expect.objectContaining({ code: 250 }) }) });
    expect(ev.quit).toMatchObject({ command: 'QUIT', reply: { code: 221 } });
    expect(ev.commands.map((c) => [c.command, c.reply?.code])).toEqual([
      ['EHLO client.test', 250],
      [`MAIL FROM:<sender@client.test> SIZE=${n}`, 250],
      ['RCPT TO:<one@pipelining.test>', 250],
      ['RCPT TO:<two@pipelining.test>', 250],
      [`BDAT ${n} LAST`, 250],
      ['QUIT', 221],
    ]);
    const lines = clientLines(transcript);
    const from = lines.indexOf(`C: MAIL FROM:<sender@client.test> SIZE=${n}`);
    expect(lines.slice(from)).toEqual([
      `C: MAIL FROM:<sender@client.test> SIZE=${n}`,
      'C: RCPT TO:<one@pipelining.test>',
      'C: RCPT TO:<two@pipelining.test>',
      `C: BDAT ${n} LAST`,
      'C: Subject: chunk',
      'C: ',
      'C: .a line starting with a dot',
      'C: end',
      'C: QUIT',
      'S: 250 2.1.0 Ok',
      'S: 250 2.1.5 Ok',
      'S: 250 2.1.5 Ok',
      'S: 250 2.0.0 Ok: queued as CHUNK1',
      'S: 221 2.0.0 bye',
    ]);
  });

  it('every RCPT refused: the server still answers BDAT (554), which is reported as DATA is without accepted recipients; QUIT is not sent twice', async () => {
    const { ev, server } = await run(chunkingServer({ rcpt: () => '550 5.1.1 no such user\r\n' }), { fast: true });
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([550, 550]);
    expect(ev.data).toBeUndefined();
    expect(ev.commands.find((c) => c.command.startsWith('BDAT'))?.reply?.code).toBe(554);
    expect(ev.quit?.reply?.code).toBe(221);
    expect(server.lines.filter((l) => l === 'QUIT')).toEqual(['QUIT']);
  });

  it('MAIL refused: the RCPTs and BDAT get their 503s in order, the session ends with the QUIT already sent', async () => {
    const scenario = chunkingServer({ rcpt: () => '503 5.5.1 need MAIL\r\n', bdat: () => '503 5.5.1 need RCPT\r\n' });
    const inner = scenario.onLine;
    scenario.onLine = (line, ctx) => (line.startsWith('MAIL') ? ctx.write('550 5.7.1 sender refused\r\n') : inner?.(line, ctx));
    const { ev, server } = await run(scenario, { fast: true });
    expect(ev.mail?.reply?.code).toBe(550);
    expect(ev.rcpt).toBeUndefined();
    expect(ev.data).toBeUndefined();
    expect(ev.quit?.reply?.code).toBe(221);
    expect(ev.commands.map((c) => c.reply?.code)).toEqual([250, 550, 503, 503, 503, 221]);
    expect(server.lines.filter((l) => l === 'QUIT')).toEqual(['QUIT']);
  });

  it('the message refused at BDAT: reported as a rejection at BDAT LAST, with BDAT as the data record', async () => {
    const { ev } = await run(chunkingServer({ bdat: () => '554 5.7.1 spam\r\n' }), { fast: true });
    expect(ev.data).toMatchObject({ chunked: true, end: { reply: { code: 554 } } });
    expect(ev.data?.start).toBeUndefined();
    expect(ev.quit?.reply?.code).toBe(221);
  });

  it('no reply to BDAT: the error is the wait after the message (data-end), recorded on BDAT', async () => {
    const scenario = chunkingServer();
    const inner = scenario.onLine;
    // Answers the envelope, then stalls: BDAT's reply never comes (nor QUIT's).
    let stalled = false;
    scenario.onLine = (line, ctx) => {
      stalled ||= line.startsWith('BDAT');
      if (stalled) return;
      if (line.startsWith('MAIL') || line.startsWith('RCPT')) return ctx.write(line.startsWith('MAIL') ? '250 2.1.0 Ok\r\n' : '250 2.1.5 Ok\r\n');
      return inner?.(line, ctx);
    };
    const { ev } = await run(scenario, { fast: true });
    expect(ev.error).toMatchObject({ code: 'ETIMEDOUT', phase: 'data-end' });
    expect(ev.data).toMatchObject({ chunked: true, end: { command: expect.stringMatching(/^BDAT \d+ LAST$/), error: { code: 'ETIMEDOUT' } } });
    expect(ev.data?.start).toBeUndefined();
  });

  it('a 452 with QUIT already behind BDAT (fewer recipients than every server must take): said in the transcript, nothing more is sent', async () => {
    const { ev, transcript, server } = await run(chunkingServer({ rcpt: (_l, i) => (i === 1 ? '452 4.5.3 too many recipients\r\n' : '250 2.1.5 Ok\r\n') }), { fast: true });
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([250, 452]);
    expect(ev.data?.end?.reply?.code).toBe(250);
    expect(ev.moreTransactions).toBeUndefined();
    expect(transcript.events.some((e) => e.dir === 'info' && /452.*QUIT had already followed BDAT LAST/.test(e.text))).toBe(true);
    expect(server.lines.filter((l) => l.startsWith('MAIL'))).toHaveLength(1);
  });

  it('without fast mode a CHUNKING server still gets one command per reply and DATA', async () => {
    const { ev, server } = await run(chunkingServer({ hold: false }));
    expect(ev.data).toMatchObject({ start: { reply: { code: 354 } }, end: { reply: { code: 250 } } });
    expect(ev.data?.chunked).toBeUndefined();
    expect(server.lines.some((l) => l.startsWith('BDAT'))).toBe(false);
  });
});

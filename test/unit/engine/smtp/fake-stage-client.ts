/**
 * A client for the runner's stages that answers from a script instead of a socket: each method
 * returns the reply the test gave (or a cooperative default) and writes the record the real
 * client would, so stages are tested with replies, not servers.
 */
import type { CommandRecord, EhloCapabilities, EngineError, SmtpReply } from '../../../../shared/evidence.ts';
import type { StepId } from '../../../../shared/steps.ts';
import { parseEhloReply } from '../../../../electron/engine/smtp/capabilities.ts';
import { SmtpEngineError } from '../../../../electron/engine/smtp/errors.ts';
import type { AuthResult, DataOutcome, EhloOutcome, Exchanged, StarttlsOutcome } from '../../../../electron/engine/smtp/smtp-client.ts';
import type { StageClient } from '../../../../electron/engine/smtp/stage-context.ts';

export const reply = (code: number, ...lines: string[]): SmtpReply => {
  const text = lines.length > 0 ? lines : ['ok'];
  return { code, lines: text, raw: text.map((l, i) => `${code}${i === text.length - 1 ? ' ' : '-'}${l}`) };
};

export const ehloReply = (...keywords: string[]) => reply(250, 'mx.test', ...keywords);

/** A thrown engine error as the client throws it: with the records the failed operation wrote. */
export function failure(detail: EngineError, records: CommandRecord[] = []): SmtpEngineError {
  const err = new SmtpEngineError(detail);
  err.records = records;
  return err;
}

type Answer = SmtpReply | SmtpEngineError;

export interface Script {
  open?: SmtpEngineError;
  greeting?: Answer;
  ehlo?: Answer;
  helo?: SmtpReply;
  starttls?: Answer;
  ehloAfterTls?: Answer;
  auth?: AuthResult | SmtpEngineError;
  mail?: Answer[];
  rcpt?: Answer[];
  dataStart?: Answer[];
  dataEnd?: Answer[];
  quit?: Answer;
}

/** The real client reads its capabilities from the session state; the fake keeps them itself. */
export type FakeClient = StageClient & { capabilities: EhloCapabilities | undefined; sent: string[]; closed: boolean };

export function fakeClient(script: Script = {}): FakeClient {
  const sent: string[] = [];
  const queues = { mail: [...(script.mail ?? [])], rcpt: [...(script.rcpt ?? [])], dataStart: [...(script.dataStart ?? [])], dataEnd: [...(script.dataEnd ?? [])] };
  const client: FakeClient = {
    sent,
    closed: false,
    capabilities: undefined as EhloCapabilities | undefined,
    timings: {},
    canSend: () => !client.closed,
    open: () => (script.open ? Promise.reject(script.open) : Promise.resolve()),
    greeting: async () => answered(client, script.greeting ?? reply(220, 'mx.test ESMTP')),
    ehlo: async (name) => ehloNow(client, script, name),
    ehloAfterTls: async (name) => {
      sent.push(`EHLO ${name}`);
      const r = answered(client, script.ehloAfterTls ?? ehloReply('AUTH PLAIN'));
      client.capabilities = parseEhloReply(r);
      return { reply: r, heloFallback: false, capabilities: client.capabilities };
    },
    starttls: async (): Promise<StarttlsOutcome> => {
      sent.push('STARTTLS');
      const r = answered(client, script.starttls ?? reply(220, 'go ahead'));
      if (r.code === 220) client.capabilities = undefined;
      return { reply: r, ok: r.code === 220 };
    },
    auth: async (): Promise<AuthResult> => {
      const a = script.auth ?? { attempted: true, mechanism: 'PLAIN', ok: true, reply: reply(235, '2.7.0 ok'), steps: [] };
      if (a instanceof SmtpEngineError) throw a;
      if (a.attempted) sent.push(`AUTH ${a.mechanism}`);
      return a;
    },
    mailFrom: async (address) => exchanged(client, 'mail', `MAIL FROM:<${address}>`, queues.mail.shift() ?? reply(250)),
    rcptTo: async (address) => exchanged(client, 'rcpt', `RCPT TO:<${address}>`, queues.rcpt.shift() ?? reply(250)),
    data: async (): Promise<DataOutcome> => {
      const start = exchanged(client, 'data', 'DATA', queues.dataStart.shift() ?? reply(354, 'go on'));
      if (start.reply.code !== 354) return { start };
      return { start, end: exchanged(client, 'data', '.', queues.dataEnd.shift() ?? reply(250, '2.0.0 Ok: queued as ABC123'), [start.record]) };
    },
    // The group is one entry of `sent` (one write); the calls that follow answer from the queues as in step mode.
    pipelineEnvelope: async (from, _mailParams, to) => {
      sent.push([`MAIL FROM:<${from}>`, ...to.map((a) => `RCPT TO:<${a}>`), 'DATA'].join(' + '));
    },
    quitAnswered: () => false,
    quit: async () => {
      const q = exchanged(client, 'quit', 'QUIT', script.quit ?? reply(221, 'bye'));
      client.closed = true;
      return q;
    },
  };
  return client;
}

function ehloNow(client: FakeClient, script: Script, name: string): EhloOutcome {
  client.sent.push(`EHLO ${name}`);
  const r = answered(client, script.ehlo ?? ehloReply('STARTTLS', 'AUTH PLAIN', 'SIZE 1000000'));
  if (r.code >= 200 && r.code < 300) {
    client.capabilities = parseEhloReply(r);
    return { reply: r, heloFallback: false, capabilities: client.capabilities };
  }
  if (r.code < 500) return { reply: r, heloFallback: false };
  client.sent.push(`HELO ${name}`);
  const heloReply = answered(client, script.helo ?? reply(250, 'hello'));
  // As the session state has it: HELO accepted means no extensions (session-state.ts).
  if (heloReply.code >= 200 && heloReply.code < 300) client.capabilities = { keywords: {}, greeting: heloReply.lines[0] ?? '' };
  return { reply: r, heloFallback: true, heloReply };
}

/** A reply, or the error thrown instead; a 421 closes the fake session as it closes the real one. */
function answered(client: FakeClient, answer: Answer): SmtpReply {
  if (answer instanceof SmtpEngineError) {
    client.closed = true;
    throw answer;
  }
  if (answer.code === 421) client.closed = true;
  return answer;
}

function exchanged(client: FakeClient, step: StepId, command: string, answer: Answer, before: CommandRecord[] = []): Exchanged {
  client.sent.push(command);
  const record: CommandRecord = { step, command, startedAt: 0, elapsedMs: 0 };
  if (answer instanceof SmtpEngineError) {
    record.error = answer.detail;
    answer.records = [...before, record];
  } else record.reply = answer;
  return { reply: answered(client, answer), record };
}

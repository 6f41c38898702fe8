/**
 * A connection dialled before the run is ready (early-dial.ts) against real loopback servers: the
 * session's connect takes its socket only for exactly that address and port from no given source
 * address; any other early socket is closed with no byte written, and a refused early dial leaves
 * the connect to fail as it would without one.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpConnection } from '../../../../electron/engine/smtp/connection.ts';
import { dialEarly } from '../../../../electron/engine/smtp/early-dial.ts';
import { SmtpEngineError } from '../../../../electron/engine/smtp/errors.ts';
import { resolveTimeouts } from '../../../../electron/engine/smtp/timeouts.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { serverSees, startHostileServer, startSmallMta, type HostileServer } from '../../../helpers/hostile-server.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

const timeouts = resolveTimeouts({ connect: 2000, tlsHandshake: 1500, greeting: 1500, command: 1500, dataStart: 1500, dataEnd: 1500 });
const servers: HostileServer[] = [];
const smallMta = () => startSmallMta(servers);
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});



async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('an early dial taken over by the connect', () => {
  it('the connect to its address and port uses its socket: one connection, the greeting read, the transcript says it was dialled early', async () => {
    const { s } = await smallMta();
    const early = await dialEarly('127.0.0.1', s.port);
    // The connection exists before the connect step runs.
    expect(await serverSees(() => s.connections === 1)).toBe(true);
    const transcript = createTranscript();
    const conn = await SmtpConnection.connect({ host: '127.0.0.1', port: s.port, timeouts, transcript, expectPlaintextGreeting: true, early });
    const greeting = await conn.readReply('greeting', timeouts.greeting);
    expect(greeting.code).toBe(220);
    conn.sendLine('QUIT');
    expect((await conn.readReply('quit', timeouts.command)).code).toBe(221);
    expect(s.connections).toBe(1);
    expect(s.lines).toEqual(['QUIT']);
    expect(transcript.events.some((e) => e.dir === 'info' && /^connecting to 127\.0\.0\.1 port \d+ \(dialled \d+ ms ago with --fast, while the check got ready\)$/.test(e.text))).toBe(true);
    expect(conn.earlyConnectMs).toBeGreaterThanOrEqual(0);
    // Discarding after the claim leaves the session's socket alone.
    early.discard();
    conn.close();
  });

  it('implicit TLS runs over the early socket: the handshake and the greeting inside it, one connection', async () => {
    const certs = await testCerts();
    const s = await startHostileServer({ implicitTls: true, tls: certs.good, greeting: '220 tls.test\r\n' });
    servers.push(s);
    const early = await dialEarly('127.0.0.1', s.port);
    const conn = await SmtpConnection.connect({ host: '127.0.0.1', port: s.port, timeouts, transcript: createTranscript(), early });
    const report = await conn.upgradeToTls({ verify: true, ca: [certs.ca.cert], servername: 'localhost' }, 'tls-handshake');
    expect(report).toMatchObject({ authorized: true });
    expect((await conn.readReply('greeting', timeouts.greeting)).code).toBe(220);
    expect(s.connections).toBe(1);
    conn.close();
  });

  it('a connect elsewhere closes the early socket with nothing written and dials its own', async () => {
    const a = await smallMta();
    const b = await smallMta();
    const early = await dialEarly('127.0.0.1', a.s.port);
    expect(await serverSees(() => a.contexts.length === 1)).toBe(true);
    const conn = await SmtpConnection.connect({ host: '127.0.0.1', port: b.s.port, timeouts, transcript: createTranscript(), expectPlaintextGreeting: true, early });
    expect((await conn.readReply('greeting', timeouts.greeting)).code).toBe(220);
    expect(await serverSees(() => a.contexts[0]?.closed === true)).toBe(true);
    expect(a.s.allSent().length).toBe(0);
    expect(b.s.connections).toBe(1);
    conn.close();
  });

  it('a connect from a given source address is not given the early socket, even to the same target', async () => {
    const { s, contexts } = await smallMta();
    const early = await dialEarly('127.0.0.1', s.port);
    expect(await serverSees(() => contexts.length === 1)).toBe(true);
    const conn = await SmtpConnection.connect({ host: '127.0.0.1', port: s.port, localAddress: '127.0.0.1', timeouts, transcript: createTranscript(), expectPlaintextGreeting: true, early });
    expect((await conn.readReply('greeting', timeouts.greeting)).code).toBe(220);
    expect(await serverSees(() => contexts[0]?.closed === true)).toBe(true);
    expect(s.connections).toBe(2);
    conn.sendLine('NOOP');
    await conn.readReply('command', timeouts.command);
    // The first connection got nothing; the NOOP went over the second.
    expect(s.lines).toEqual(['NOOP']);
    conn.close();
  });

  it('an early dial nobody takes is closed by discard with no byte written', async () => {
    const { s, contexts } = await smallMta();
    const early = await dialEarly('127.0.0.1', s.port);
    expect(await serverSees(() => contexts.length === 1)).toBe(true);
    early.discard();
    expect(await serverSees(() => contexts[0]?.closed === true)).toBe(true);
    expect(s.allSent().length).toBe(0);
    // Once discarded it is no longer there to take: the connect dials its own.
    const conn = await SmtpConnection.connect({ host: '127.0.0.1', port: s.port, timeouts, transcript: createTranscript(), expectPlaintextGreeting: true, early });
    expect((await conn.readReply('greeting', timeouts.greeting)).code).toBe(220);
    expect(s.connections).toBe(2);
    conn.close();
  });

  it('a refused early dial: the connect fails with ECONNREFUSED, as it does without one', async () => {
    const port = await freePort();
    const early = await dialEarly('127.0.0.1', port);
    const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
    const withEarly = await failure(SmtpConnection.connect({ host: '127.0.0.1', port, timeouts, transcript: createTranscript(), early }));
    const without = await failure(SmtpConnection.connect({ host: '127.0.0.1', port, timeouts, transcript: createTranscript() }));
    expect(withEarly).toBeInstanceOf(SmtpEngineError);
    expect((withEarly as SmtpEngineError).detail).toEqual((without as SmtpEngineError).detail);
    expect((withEarly as SmtpEngineError).detail).toMatchObject({ code: 'ECONNREFUSED', phase: 'connect' });
  });
});

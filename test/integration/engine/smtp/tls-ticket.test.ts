/**
 * The first command after STARTTLS on a fast link goes out after the server's TLS 1.3 session
 * ticket (electron/engine/smtp/tls-ticket.ts), in its own TCP segment, so it carries the ticket's
 * ACK: a relay on loopback between the client and a real TLS server records what each side sent,
 * in order, and where the client's bytes were split.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { SmtpConnection } from '../../../../electron/engine/smtp/connection.ts';
import { resolveTimeouts } from '../../../../electron/engine/smtp/timeouts.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { basicReply, startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

const timeouts = resolveTimeouts({ connect: 2000, tlsHandshake: 2000, greeting: 2000, command: 2000, dataStart: 2000, dataEnd: 2000 });
let server: HostileServer | undefined;
let relay: net.Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  await server?.close();
  server = relay = undefined;
});

/** Chunks as the relay read them: 'c' from the client, 's' from the server. */
type Chunk = { from: 'c' | 's'; bytes: Buffer };

async function startRelay(target: number, chunks: Chunk[]): Promise<number> {
  relay = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (bytes: Buffer) => (chunks.push({ from: 'c', bytes }), upstream.write(bytes)));
    upstream.on('data', (bytes: Buffer) => (chunks.push({ from: 's', bytes }), client.write(bytes)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay?.listen(0, '127.0.0.1', resolve));
  return (relay.address() as AddressInfo).port;
}

/** The TLS record types in a chunk (0x14 ChangeCipherSpec, 0x16 handshake, 0x17 encrypted). */
function recordTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let i = 0; i + 5 <= bytes.length; i += 5 + bytes.readUInt16BE(i + 3)) types.push(bytes[i] as number);
  return types;
}

it('after STARTTLS (TLS 1.3, loopback) the EHLO waits for the ticket and goes in a segment of its own', async () => {
  const certs = await testCerts();
  server = await startHostileServer({
    greeting: '220 tls.test ESMTP\r\n',
    tls: certs.good,
    onLine: (line, ctx) => {
      if (line === 'STARTTLS') {
        ctx.write('220 2.0.0 go ahead\r\n');
        ctx.startTls();
      } else ctx.write(basicReply(line) ?? '250 ok\r\n');
    },
  });
  const chunks: Chunk[] = [];
  const port = await startRelay(server.port, chunks);
  const conn = await SmtpConnection.connect({ host: 'localhost', port, family: 4, timeouts, transcript: createTranscript() });
  await conn.readReply('greeting', 2000);
  conn.sendLine('EHLO client.test');
  await conn.readReply('ehlo', 2000);
  conn.sendLine('STARTTLS');
  await conn.readReply('starttls', 2000);
  const report = await conn.upgradeToTls({ verify: true, ca: [certs.ca.cert] }, 'starttls');
  expect(report.protocol).toBe('TLSv1.3');
  conn.sendLine('EHLO client.test');
  expect((await conn.readReply('ehlo', 2000)).code).toBe(250);
  conn.close();

  const tlsStart = chunks.findIndex((c) => c.from === 'c' && c.bytes[0] === 0x16);
  const client = chunks.map((c, i) => ({ ...c, i })).filter((c) => c.from === 'c' && c.i > tlsStart);
  // The client's second TLS flight is its Finished alone (with the compatibility ChangeCipherSpec);
  // the EHLO is the next chunk, sent after server bytes (the ticket) came in between.
  const [finished, ehlo] = client;
  expect(recordTypes(finished?.bytes ?? Buffer.alloc(0)).filter((t) => t === 0x17)).toHaveLength(1);
  expect(recordTypes(ehlo?.bytes ?? Buffer.alloc(0))).toEqual([0x17]);
  expect(chunks.slice((finished?.i ?? 0) + 1, ehlo?.i).some((c) => c.from === 's')).toBe(true);
});

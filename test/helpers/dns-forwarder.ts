/**
 * A delaying DNS forwarder on loopback (UDP and TCP on one port) in front of a real DNS server:
 * every question and every answer waits `delayMs` on its way, as over a slow link to the resolver.
 * It counts what the client asks and in which wave: a question's wave is one more than the highest
 * wave of the answers the client had received when it asked, so the highest wave is the number of
 * resolver round trips the client waited for in turn. An order of events, not a clock reading; an
 * upper bound, since an unrelated answer that arrives first (a late timer on a busy machine) counts too.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export interface ForwardedQuestion {
  name: string;
  /** "A", "AAAA", "MX", … or "TYPE<n>". */
  type: string;
  transport: 'udp' | 'tcp';
  wave: number;
}

export interface DnsForwarder {
  /** "127.0.0.1:<port>", the form DnsOptions.server takes. */
  server: string;
  questions(): ForwardedQuestion[];
  /** Round trips waited for in turn so far (the highest wave asked). */
  waves(): number;
  /** Forgets what was asked (between measurements, once the previous one has ended). */
  reset(): void;
  close(): Promise<void>;
}

const TYPES: Record<number, string> = { 1: 'A', 5: 'CNAME', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA' };

/** The question of a DNS message (RFC 1035 §4.1.2): its name and type; names are not compressed there. */
export function questionOf(message: Buffer): { id: number; name: string; type: string } {
  const labels: string[] = [];
  let at = 12;
  while (at < message.length && message[at] !== 0) {
    const length = message[at] ?? 0;
    labels.push(message.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
  const code = at + 2 < message.length ? message.readUInt16BE(at + 1) : 0;
  return { id: message.length >= 2 ? message.readUInt16BE(0) : 0, name: labels.join('.').toLowerCase(), type: TYPES[code] ?? `TYPE${code}` };
}

/** Splits a TCP DNS stream into its length-prefixed messages (RFC 1035 §4.2.2); returns the rest. */
function frames(buffer: Buffer, each: (message: Buffer) => void): Buffer {
  let rest = buffer;
  while (rest.length >= 2 && rest.length >= 2 + rest.readUInt16BE(0)) {
    each(rest.subarray(2, 2 + rest.readUInt16BE(0)));
    rest = rest.subarray(2 + rest.readUInt16BE(0));
  }
  return rest;
}

function framed(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

export async function startDnsForwarder(options: { upstream: string; delayMs: number }): Promise<DnsForwarder> {
  const [upHost = '127.0.0.1', upPortText = '53'] = options.upstream.split(':');
  const upPort = Number(upPortText);
  const { delayMs } = options;
  let asked: ForwardedQuestion[] = [];
  let answered = 0;
  const open = new Set<{ close(): void }>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, delayMs);
    timers.add(timer);
  };
  const ask = (message: Buffer, transport: 'udp' | 'tcp'): ForwardedQuestion => {
    const { name, type } = questionOf(message);
    const question = { name, type, transport, wave: answered + 1 };
    asked.push(question);
    return question;
  };
  const deliver = (question: ForwardedQuestion, send: () => void) =>
    later(() => {
      if (asked.includes(question)) answered = Math.max(answered, question.wave);
      send();
    });

  const udp = dgram.createSocket('udp4');
  udp.on('message', (message, from) => {
    const question = ask(message, 'udp');
    later(() => {
      const up = dgram.createSocket('udp4');
      const entry = { close: () => up.close() };
      open.add(entry);
      up.once('message', (answer) => {
        open.delete(entry);
        up.close();
        deliver(question, () => udp.send(answer, from.port, from.address));
      });
      up.send(message, upPort, upHost);
    });
  });

  const tcp = net.createServer((client) => {
    const up = net.connect(upPort, upHost);
    const entry = { close: () => (client.destroy(), up.destroy()) };
    open.add(entry);
    const pending = new Map<number, ForwardedQuestion>();
    let fromClient: Buffer = Buffer.alloc(0);
    let fromUp: Buffer = Buffer.alloc(0);
    client.on('data', (chunk) => {
      fromClient = frames(Buffer.concat([fromClient, chunk]), (message) => {
        pending.set(questionOf(message).id, ask(message, 'tcp'));
        later(() => up.write(framed(message)));
      });
    });
    up.on('data', (chunk) => {
      fromUp = frames(Buffer.concat([fromUp, chunk]), (message) => {
        const question = pending.get(questionOf(message).id);
        if (question) deliver(question, () => client.write(framed(message)));
      });
    });
    const end = () => later(() => entry.close());
    client.on('close', end);
    up.on('close', end);
    client.on('error', () => undefined);
    up.on('error', () => undefined);
  });

  const port = await bindBoth(udp, tcp);
  return {
    server: `127.0.0.1:${port}`,
    questions: () => [...asked],
    waves: () => Math.max(0, ...asked.map((q) => q.wave)),
    reset: () => {
      asked = [];
      answered = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const entry of open) entry.close();
      await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
    },
  };
}

/** UDP on a free loopback port, then TCP on the same number (c-ares retries a truncated answer over TCP there). */
async function bindBoth(udp: dgram.Socket, tcp: net.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = udp.address();
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', () => resolve());
  });
  return port;
}

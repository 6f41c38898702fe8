/**
 * A bare SMTP client that sends the submission session in the fewest flights the protocols allow,
 * to show that the minimum in the rtt rows is reachable against the real peer: EHLO, STARTTLS,
 * ClientHello, EHLO right behind the TLS 1.3 Finished, then AUTH PLAIN with its initial response
 * pipelined with MAIL, RCPT, RCPT and DATA (RFC 4954 §4, RFC 2920), then message, dot and QUIT
 * (or, with `bdat`, MAIL … BDAT LAST + message + QUIT in the AUTH flight, RFC 3030).
 * A bench tool, not the product: no timeouts beyond the caller's, no parsing beyond reply codes.
 */
import net from 'node:net';
import tls from 'node:tls';

/** Resolves with the codes of the next `count` complete replies (multi-line replies end at `xyz `). */
function replyReader(stream: net.Socket) {
  let buffered = '';
  let waiting: { count: number; codes: string[]; resolve: (codes: string[]) => void; reject: (e: Error) => void } | undefined;
  const pump = () => {
    let eol: number;
    while (waiting && (eol = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, eol);
      buffered = buffered.slice(eol + 2);
      if (line[3] === '-') continue;
      waiting.codes.push(line.slice(0, 3));
      if (waiting.codes.length === waiting.count) {
        const done = waiting;
        waiting = undefined;
        done.resolve(done.codes);
      }
    }
  };
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    pump();
  });
  stream.on('close', () => waiting?.reject(new Error(`connection closed waiting for replies; got ${waiting.codes.join(' ')}`)));
  return (count: number) =>
    new Promise<string[]>((resolve, reject) => {
      waiting = { count, codes: [], resolve, reject };
      pump();
    });
}

function expectCodes(step: string, got: string[], want: string[]): void {
  if (got.join(' ') !== want.join(' ')) throw new Error(`minimal client, ${step}: replies ${got.join(' ')}, expected ${want.join(' ')}`);
}

export interface MinimalSession {
  port: number;
  caPem: string;
  servername: string;
  user: string;
  password: string;
  from: string;
  to: [string, string];
  body: string;
  bdat: boolean;
}

export async function minimalSession(o: MinimalSession): Promise<void> {
  const plain = net.connect(o.port, '127.0.0.1');
  const plainReplies = replyReader(plain);
  expectCodes('banner', await plainReplies(1), ['220']);
  plain.write('EHLO client.probe.test\r\n');
  expectCodes('EHLO', await plainReplies(1), ['250']);
  plain.write('STARTTLS\r\n');
  expectCodes('STARTTLS', await plainReplies(1), ['220']);
  plain.removeAllListeners('data');
  const secure = tls.connect({ socket: plain, ca: o.caPem, servername: o.servername });
  const replies = replyReader(secure);
  await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
  secure.write('EHLO client.probe.test\r\n');
  expectCodes('EHLO after TLS', await replies(1), ['250']);
  const auth = `AUTH PLAIN ${Buffer.from(`\0${o.user}\0${o.password}`).toString('base64')}\r\n`;
  const envelope = `MAIL FROM:<${o.from}>\r\nRCPT TO:<${o.to[0]}>\r\nRCPT TO:<${o.to[1]}>\r\n`;
  const message = `From: <${o.from}>\r\nTo: <${o.to[0]}>, <${o.to[1]}>\r\nSubject: rtt bench\r\n\r\n${o.body.replaceAll('\n', '\r\n')}\r\n`;
  if (o.bdat) {
    secure.write(`${auth}${envelope}BDAT ${Buffer.byteLength(message)} LAST\r\n${message}QUIT\r\n`);
    expectCodes('AUTH … BDAT LAST, QUIT', await replies(6), ['235', '250', '250', '250', '250', '221']);
  } else {
    secure.write(`${auth}${envelope}DATA\r\n`);
    expectCodes('AUTH … DATA', await replies(5), ['235', '250', '250', '250', '354']);
    secure.write(`${message}.\r\nQUIT\r\n`);
    expectCodes('dot, QUIT', await replies(2), ['250', '221']);
  }
  secure.end();
  await new Promise((resolve) => secure.once('close', resolve));
}

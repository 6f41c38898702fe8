/**
 * Micro-benchmarks of the pure engine pieces: reply parsing and DATA encoding throughput,
 * and the memory bound of the parser against a hostile stream.
 */
import { encodeDataPayload } from '../../electron/engine/smtp/data-encoding.ts';
import { ReplyParser, SmtpProtocolError } from '../../electron/engine/smtp/reply-parser.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note: string;
  /** Decimals shown; by default 0 from 100 up, else 1. */
  digits?: number;
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Median of several runs, to damp the noise of a shared 2-core machine. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export function benchReplyParser(): BenchResult[] {
  // A realistic EHLO reply (12 lines) followed by a 250 to MAIL, repeated; fed in 1460-byte segments (one TCP MSS).
  const ehlo = ['250-mx.example.net Hello client.example [203.0.113.5]', '250-PIPELINING', '250-SIZE 52428800', '250-VRFY', '250-ETRN', '250-STARTTLS', '250-AUTH PLAIN LOGIN CRAM-MD5', '250-AUTH=PLAIN LOGIN', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250 SMTPUTF8', '250 2.1.0 Ok'].join('\r\n') + '\r\n';
  const stream = Buffer.from(ehlo.repeat(20_000));
  const segments: Buffer[] = [];
  for (let i = 0; i < stream.length; i += 1460) segments.push(stream.subarray(i, i + 1460));
  const rates: number[] = [];
  let replies = 0;
  for (let run = 0; run < 5; run++) {
    const parser = new ReplyParser({ enhancedStatusCodes: true });
    const { ms, result } = time(() => {
      let n = 0;
      for (const s of segments) n += parser.push(s).length;
      return n;
    });
    replies = result;
    rates.push(stream.length / 1024 / 1024 / (ms / 1000));
  }
  return [
    { name: 'reply parser throughput', value: median(rates), unit: 'MiB/s', note: `${(stream.length / 1024 / 1024).toFixed(1)} MiB, ${replies} replies, 1460-byte segments, median of 5` },
  ];
}

export function benchDataEncoding(): BenchResult[] {
  // 10 MiB body with bare LF line endings and leading dots: the worst case for normalisation and dot-stuffing.
  const line = '.dot-leading line of a body that needs stuffing and CRLF normalisation, 80 chars\n';
  const body = Buffer.from(line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)));
  const rates: number[] = [];
  for (let run = 0; run < 5; run++) {
    const { ms } = time(() => encodeDataPayload(body));
    rates.push(body.length / 1024 / 1024 / (ms / 1000));
  }
  return [{ name: 'DATA encoding throughput', value: median(rates), unit: 'MiB/s', note: '10 MiB body, bare LF and a leading dot on every line, median of 5' }];
}

export function benchHostileMemory(): BenchResult[] {
  // 50 MiB of "250-x" lines without an end: the parser must give up at its caps, holding little memory.
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const parser = new ReplyParser();
  const chunk = Buffer.from('250-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n'.repeat(1000));
  let fed = 0;
  let abortedAt = -1;
  let peak = 0;
  for (; fed < 50 * 1024 * 1024; fed += chunk.length) {
    try {
      parser.push(chunk);
    } catch (e) {
      if (!(e instanceof SmtpProtocolError)) throw e;
      abortedAt = fed + chunk.length;
      break;
    }
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
  }
  return [
    { name: 'hostile endless reply: bytes read before abort', value: abortedAt / 1024, unit: 'KiB', note: 'endless 250- continuation lines; cap is 512 lines / 64 KiB per reply' },
    { name: 'hostile endless reply: heap growth before abort', value: Math.max(0, peak) / 1024, unit: 'KiB', note: 'heapUsed delta while feeding' },
  ];
}

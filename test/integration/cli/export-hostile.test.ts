/**
 * Exports are inert (reliability A.14), through a real run: a server whose banner, EHLO lines and
 * RCPT reply carry markup, `smtp-probe check --transcript` in each of the four formats, and every
 * file opened the way a ticket system or a browser would open it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../../shared/report-format.ts';
import type { ReportFormat } from '../../../shared/report-format.ts';
import { runCli } from '../../helpers/cli.ts';
import { startHostileServer } from '../../helpers/hostile-server.ts';
import type { HostileServer } from '../../helpers/hostile-server.ts';
import { MARKUP_PAYLOADS, expectInertExports } from '../../helpers/inert-export.ts';

const P = MARKUP_PAYLOADS.join(' ');

let server: HostileServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-export-'));
  server = await startHostileServer({
    greeting: `220 ${P}\r\n`,
    onLine: (line, ctx) => {
      if (/^EHLO/i.test(line)) ctx.write(`250-mx.example ${P}\r\n250-${P}\r\n250 8BITMIME\r\n`);
      else if (/^MAIL/i.test(line)) ctx.write(`250 2.1.0 ${P}\r\n`);
      else if (/^RCPT/i.test(line)) ctx.write(`550 5.7.1 ${P}\r\n`);
      else if (/^QUIT/i.test(line)) ctx.end(`221 ${P}\r\n`);
      else ctx.write('500 what\r\n');
    },
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a hostile server through every export format', () => {
  it('writes each payload as text, never as markup, in txt, md, html and json', async () => {
    const exports = {} as Record<ReportFormat, string>;
    for (const format of REPORT_FORMATS) {
      const file = path.join(dir, `report.${format}`);
      const args = ['check', '--server', `127.0.0.1:${server.port}`, '--tls', 'none', '--ehlo', 'client.example', '--from', 'me@example.com', '--to', 'you@example.net'];
      await runCli([...args, '--dns-server', '127.0.0.1:5300', '--no-public-ip', '--timeout', '5', '--transcript', file]);
      exports[format] = await readFile(file, 'utf8');
    }
    // The hostile text reached the prose parts too (step summaries, findings), not only the transcript.
    const prose = exports.md.slice(0, exports.md.indexOf('## Transcript'));
    expect(prose).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(prose).toContain('rcpt');
    expectInertExports(exports, MARKUP_PAYLOADS);
  });
});

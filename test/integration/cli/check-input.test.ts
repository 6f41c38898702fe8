/**
 * Every option of `smtp-probe check` that takes a value, fed what a user pastes by mistake or an
 * attacker on purpose (empty, spaces, CR/LF, NUL, backslashes, over-long, non-ASCII, brackets,
 * terminal escapes): each is refused with exit 2, "field: reason" on stderr and never "internal
 * error", and neither the SMTP capture port nor the DNS capture port receives a single byte.
 */
import dgram from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runCli } from '../../helpers/cli.ts';

let smtp: net.Server;
let dns: dgram.Socket;
let smtpPort = 0;
let dnsPort = 0;
let connections = 0;
let datagrams = 0;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-input-'));
  await writeFile(path.join(dir, 'not-a-cert.pem'), 'hello\n');
  smtp = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.address() as net.AddressInfo).port;
  dns = dgram.createSocket('udp4');
  dns.on('message', () => datagrams++);
  await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve));
  dnsPort = dns.address().port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => dns.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const PASSWORD_ENV = { PROBE_INPUT_PASSWORD: 'Canary-9f3e-Canary-9f3e' };

/** A complete, valid command line; each case replaces one option (or the DOMAIN argument). */
function baseline(): Map<string, string | undefined> {
  return new Map<string, string | undefined>([
    ['--server', `127.0.0.1:${smtpPort}`],
    ['--tls', 'none'],
    ['--no-public-ip', undefined],
    ['--dns-server', `127.0.0.1:${dnsPort}`],
    ['--ehlo', 'client.example.test'],
    ['--from', 'a@example.test'],
    ['--to', 'b@example.test'],
  ]);
}

function argsFor(flag: string, value: string): string[] {
  const options = baseline();
  const positional: string[] = [];
  if (flag === 'DOMAIN') {
    options.delete('--server');
    positional.push(value);
  } else {
    options.set(flag, value);
  }
  if (flag === '--public-ip-resolver') options.delete('--no-public-ip');
  if (flag === '--auth-user') options.set('--auth-password-env', 'PROBE_INPUT_PASSWORD');
  if (flag === '--auth-password-env' || flag === '--auth-mech') options.set('--auth-user', 'tester');
  if (flag === '--auth-mech') options.set('--auth-password-env', 'PROBE_INPUT_PASSWORD');
  const args = ['check', ...positional];
  for (const [name, v] of options) args.push(...(v === undefined ? [name] : [name, v]));
  return args;
}

const LONG = 'x'.repeat(5000);
const ESC = '\x1b[2J\x1b]0;owned\x07';
const RLO = 'evil\u202Etxt';

/** [flag, hostile values that must be refused]. */
const CASES: Array<[string, string[]]> = [
  ['DOMAIN', ['', ' ', 'exa mple.com', 'example.com\r\n', 'example.com\0', 'example.com\\x', 'example.com\\r\\n', LONG, 'exa\u00admple.com', 'ｅxample.com', '192.0.2.1', '[::1]', '[example.com', 'example.com/', ESC, RLO]],
  ['--server', ['', ' ', 'a b', ' 127.0.0.1', 'a\r\nb', 'a\0b', 'a\\b', 'mail.example.com\\x', LONG, `${'x'.repeat(64)}.test`, '[::1', '[a.b]', '[::1]x', 'a:b:c', 'host:', 'host:0', 'host:99999', 'ｈost.test', 'exa\u00admple.test', 'mail.example.com/x', '127.1', ESC, RLO]],
  ['--port', ['', ' 25', '0', '65536', '0x19', '1e3', '２５', '25\n', '-1', '25.0', ESC]],
  ['--ehlo', ['', ' ', 'a b.test', 'client.test\r\nQUIT', 'a\0.test', 'client.test\\x', LONG, 'localhost', 'ü', '[1.2.3.4', '[::1]', '192.0.2.1', 'client.test.', 'client\u200b.test', ESC, RLO]],
  ['--from', ['Name <x@y.z>', '<x@y.z>', 'a@b.c\\x', 'a@b.c\\r\\n', 'a b@c.d', ' a@b.c', 'a@b.c\r\nRSET', 'a@b.c\nRSET', 'a\0@b.c', `${'l'.repeat(65)}@b.c`, `a@${LONG}`, 'a@[1.2.3.4', 'a@[::1]', 'a@ｂ.c', 'a@b\u00ad.c', 'a@b.c ', ESC, RLO]],
  ['--to', ['', 'Name <x@y.z>', 'a@b.c\\x', 'a b@c.d', 'a@b.c\r\nDATA', 'a\0@b.c', `a@${LONG}`, 'a@[1.2.3.4', 'a@ｂ.c', 'x@y.z\u2028', ESC]],
  ['--header', ['', 'NoColon', ' X: v', 'X Y: v', 'X: a\r\nBcc: v@example.test', 'X: a\0', 'Content-Type: text/html', 'Ü: v', ':v', `X: ${ESC}`, `${'X'.repeat(80)}: v`]],
  ['--subject', ['hi\r\nBcc: victim@example.test', 'hi\0', `hi${ESC}`, 'x'.repeat(901)]],
  ['--auth-user', ['', 'a\r\nb', 'a\0b', 'a\x07b', 'x'.repeat(513)]],
  ['--auth-password-env', ['', 'PROBE_INPUT_UNSET_VARIABLE', 'a b']],
  ['--auth-mech', ['', 'FOO', 'PLAIN\r\n', 'PLAIN LOGIN']],
  ['--dns-server', ['', 'a b', '999.1.1.1', '1.2.3.4:0', '1.2.3.4:99999', '[::1', 'dns.example.test', '127.0.0.1\\x', LONG]],
  ['--public-ip-resolver', ['', 'opendns@', 'opendns@999.1.1.1', 'other@1.1.1.1', 'opendns@a b', 'opendns@1.1.1.1\r\n']],
  ['--timeout', ['', '0', '-1', '1e3', 'abc', '１', '1201', ' 5', '0.01']],
  ['--data-timeout', ['', '0', 'abc', '1201']],
  ['--dsn-notify', ['', 'SUCCESS,', 'ALWAYS', 'NEVER,SUCCESS']],
  ['--tls', ['', 'sometimes', 'none\r\n']],
  ['--stop-after', ['', 'never']],
  ['--format', ['', 'pdf']],
  ['--ca', ['', '/nonexistent/ca.pem', os.tmpdir(), 'NOT_A_CERT']],
  ['--body-file', ['', '/nonexistent/body.txt', os.tmpdir()]],
  ['--transcript', ['', os.tmpdir(), '/nonexistent-folder/report.txt']],
];

const ROWS = CASES.flatMap(([flag, values]) => values.map((value) => [flag, value] as [string, string]));

describe('smtp-probe check refuses hostile input with exit 2, the field and the reason, and sends nothing', () => {
  it.each(ROWS)('%s %j', async (flag, raw) => {
    const value = raw === 'NOT_A_CERT' ? path.join(dir, 'not-a-cert.pem') : raw;
    const args = argsFor(flag, value);
    if (flag === '--format') args.push('--transcript', path.join(dir, 'r.txt'));
    const before = { connections, datagrams };
    const result = await runCli(args, { env: PASSWORD_ENV });
    expect(result.code, result.stderr).toBe(EXIT_CODES.usage);
    expect(result.stderr).not.toMatch(/internal error/i);
    // Commander's own refusals (choices) name the option as "option '--tls <mode>'".
    const named = result.stderr.startsWith('smtp-probe: invalid input, nothing was sent:\n')
      ? new RegExp(`^ {2}${flag.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}( "[^\\n]*")?: \\S`, 'm')
      : new RegExp(`option '${flag} <`);
    expect(result.stderr).toMatch(named);
    // What is echoed back is shown, never interpreted by the terminal.
    expect(result.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(result.stdout).toBe('');
    // Let a stray connection or datagram arrive before counting.
    await new Promise((resolve) => setImmediate(resolve));
    expect({ connections, datagrams }).toEqual(before);
  });

  it('tells a user who pasted "Name <address>" to give the bare address', async () => {
    const result = await runCli(argsFor('--from', 'Name <x@y.z>'));
    expect(result.stderr).toBe('smtp-probe: invalid input, nothing was sent:\n  --from: an envelope address has no display name or angle brackets: give the bare address, e.g. x@y.z\n');
  });

  it('names the address that was cut before: a@b.c\\x is refused, not sent as a@b.c', async () => {
    const result = await runCli(argsFor('--from', 'a@b.c\\x'));
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('  --from: the domain contains "\\"; host names use letters, digits, hyphens and dots\n');
    expect(connections).toBe(0);
  });
});

describe('smtp-probe check takes no password on the command line (shell history, ps)', () => {
  it.each([
    [['--auth-password', 'Canary-9f3e-Canary-9f3e']],
    [['--auth-password=Canary-9f3e-Canary-9f3e']],
    [['--password=Canary-9f3e-Canary-9f3e']],
    [['--auth-pass', 'Canary-9f3e-Canary-9f3e']],
  ])('%j is refused with exit 2, nothing is sent and the password is not printed', async (passwordArgs) => {
    const args = [...argsFor('--auth-user', 'tester').filter((a) => a !== '--auth-password-env' && a !== 'PROBE_INPUT_PASSWORD'), ...passwordArgs];
    const before = { connections, datagrams };
    const result = await runCli(args, { stdin: '' });
    expect(result.code, result.stderr).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^error: unknown option '--[a-z-]+/);
    expect(result.stderr + result.stdout).not.toContain('Canary');
    await new Promise((resolve) => setImmediate(resolve));
    expect({ connections, datagrams }).toEqual(before);
  });
});

/**
 * `check --fast` to an IP address dials the server before the check's modules load
 * (cli/fast-dial.ts): the session runs over that one connection; bad input found after the dial
 * is refused as always ("nothing was sent") and the early connection is closed with no byte
 * written. Flags that choose the connection otherwise, or make it wait for a typed password, dial
 * nothing early. Against real loopback servers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { earlyDialFor } from '../../../electron/cli/fast-dial.ts';
import type { CheckFlags } from '../../../electron/cli/check-command.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { serverSees, startSmallMta, type HostileServer } from '../../helpers/hostile-server.ts';

const servers: HostileServer[] = [];
const smallMta = () => startSmallMta(servers);
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});



const base = (port: number) => ['check', '--server', `127.0.0.1:${port}`, '--tls', 'none', '--ehlo', 'client.probe.test', '--dns-server', '127.0.0.1:5300', '--no-public-ip', '--json'];
const dialledEarly = /^connecting to 127\.0\.0\.1 port \d+ \(dialled \d+ ms ago with --fast, while the check got ready\)$/;

describe('check --fast dials the server early', () => {
  it('to an IP address: one connection carries the whole session, and the transcript says it was dialled early', async () => {
    const { s } = await smallMta();
    const result = await runCli([...base(s.port), '--fast']);
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.transcript.filter((e) => e.dir === 'info' && dialledEarly.test(e.text))).toHaveLength(1);
    expect(s.connections).toBe(1);
    expect(s.lines).toEqual(['EHLO client.probe.test', 'QUIT']);
    // Its connect was seen only when the run got there: the time is a bound, and said to be one.
    expect(r.smtp?.connect).toMatchObject({ ok: true, dialledEarly: true });
    expect(r.steps.find((st) => st.id === 'connect')?.summary).toMatch(/ in at most [\d.]+ (ms|s) \(dialled early with --fast\)$/);
  });

  it('without --fast: the connection is made by the connect step, as always', async () => {
    const { s } = await smallMta();
    const result = await runCli(base(s.port));
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.transcript.some((e) => e.text.includes('dialled'))).toBe(false);
    expect(r.smtp?.connect?.dialledEarly).toBeUndefined();
    expect(r.steps.find((st) => st.id === 'connect')?.summary).not.toContain('at most');
    expect(s.connections).toBe(1);
  });

  it('bad input found after the dial: refused with exit 2 and "nothing was sent", the early connection closed with no byte written', async () => {
    const { s, contexts } = await smallMta();
    const result = await runCli([...base(s.port), '--fast', '--ca', '/nonexistent/smtp-probe-ca.pem']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('invalid input, nothing was sent');
    // The dial went out before the flags were checked in full; the server saw it closed, empty.
    expect(await serverSees(() => contexts.length === 1 && contexts[0]?.closed === true)).toBe(true);
    expect(s.allSent().length).toBe(0);
  });
});

describe('earlyDialFor: which flags dial early', () => {
  const flags = (port: number, more: Partial<CheckFlags> = {}): CheckFlags =>
    ({ server: `127.0.0.1:${port}`, fast: true, tlsVerify: true, ca: [], to: [], header: [], publicIpResolver: [], publicIp: false, color: false, ...more }) as CheckFlags;

  it('--fast to an IP address and port: dialled to exactly that address and port', async () => {
    const { s, contexts } = await smallMta();
    const early = await earlyDialFor(flags(s.port));
    expect(early).toMatchObject({ host: '127.0.0.1', port: s.port });
    expect(await serverSees(() => contexts.length === 1)).toBe(true);
    early?.discard();
    expect(await serverSees(() => contexts[0]?.closed === true)).toBe(true);
  });

  it('no port given: the port the run would choose for the security mode (465 for implicit TLS, 587 for STARTTLS)', async () => {
    const implicit = await earlyDialFor(flags(0, { server: '127.0.0.1', tls: 'implicit' }));
    const starttls = await earlyDialFor(flags(0, { server: '127.0.0.1', tls: 'starttls' }));
    expect([implicit?.port, starttls?.port]).toEqual([465, 587]);
    implicit?.discard();
    starttls?.discard();
  });

  it('nothing is dialled when the connection is chosen otherwise, a password is to be typed, the server is a name, or --fast is not given', async () => {
    const { s } = await smallMta();
    const cases: Partial<CheckFlags>[] = [
      { fast: false },
      { server: `localhost:${s.port}` },
      { profile: 'Office' },
      { bothFamilies: true },
      { sourceIp: '127.0.0.1' },
      { ipv4: true },
      { authUser: 'me@example.com' },
      { port: String(s.port + 1) },
    ];
    for (const more of cases) expect(await earlyDialFor(flags(s.port, more))).toBeUndefined();
    // A password from the environment makes nothing wait: that one is dialled.
    const withEnv = await earlyDialFor(flags(s.port, { authUser: 'me@example.com', authPasswordEnv: 'PW' }));
    expect(withEnv?.port).toBe(s.port);
    withEnv?.discard();
    expect(await serverSees(() => s.connections === 1)).toBe(true);
  });
});

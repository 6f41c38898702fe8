/**
 * `smtp-probe explain` reads the reply text: a receiver's own wording gets its cause, fix and link
 * first (text and --json), the code-level explanation second. The Postfix replies are the real ones
 * the loopback Postfix + Dovecot peer sends to a `check` run; the provider replies are quoted from
 * their published samples (test/fixtures/known-replies/samples.json).
 */
import { expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import type { ReplyExplanation } from '../../../shared/explain.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_PUBLIC_IP_RESOLVERS, DNS_PEER_SERVER, dnsPeerAvailable } from '../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../helpers/peers.ts';
import { postfixAvailable, postfixPeer } from '../../helpers/postfix-peer.ts';

const DNS = ['--dns-server', DNS_PEER_SERVER, ...DNS_PEER_PUBLIC_IP_RESOLVERS.flatMap((r) => ['--public-ip-resolver', `${r.method}@${r.server}`])];
const bothPeers = async () => (await postfixAvailable()) && (await dnsPeerAvailable());

async function explainJson(reply: string): Promise<ReplyExplanation> {
  const result = await runCli(['explain', reply, '--json']);
  expect(result.code).toBe(EXIT_CODES.ok);
  return JSON.parse(result.stdout) as ReplyExplanation;
}

/** The server's reply starting with `code` in a `check --json` run's transcript, all its lines. */
async function realReply(args: string[], code: string, env?: Record<string, string>): Promise<string> {
  const result = await runCli([...args, '--json'], env ? { env } : {});
  const report = runReportSchema.parse(JSON.parse(result.stdout));
  const lines = report.transcript.filter((e) => e.dir === 'S' && e.text.startsWith(code)).map((e) => e.text);
  expect(lines.length).toBeGreaterThan(0);
  return lines.join('\n');
}

it('explain --json: Exchange Online\'s SMTP AUTH reply gets the receiver, cause, fix and link', async () => {
  const e = await explainJson('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.');
  expect(e.receiver).toBe('Microsoft 365 / Exchange Online');
  expect(e.cause).toMatch(/SMTP AUTH .* turned off/);
  expect(e.fix?.join('\n')).toContain('Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false');
  expect(e.link?.url).toBe('https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission');
  expect(e.knownReply).toBe('exo-smtp-auth-disabled-tenant');
  // The code-level explanation stays.
  expect(e.codeMeaning?.code).toBe(535);
  expect(e.likelyCauses.length).toBeGreaterThan(0);
});

it('explain (text): the provider, cause, fix and link come before the code-level paragraph', async () => {
  const result = await runCli(['explain', '534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor h26sm30121397pfq.64 - gsmtp']);
  expect(result.code).toBe(EXIT_CODES.ok);
  const out = result.stdout;
  expect(out.startsWith('Gmail / Google Workspace: ')).toBe(true);
  expect(out).toMatch(/2-Step Verification/);
  const order = ['How to fix:', 'App passwords', 'See: Sign in with app passwords <https://support.google.com/accounts/answer/185833>', '534 5.7.9:', 'Likely causes:'].map((s) => out.indexOf(s));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

it('explain: a blocklist rejection names the list with its lookup and removal pages', async () => {
  const e = await explainJson('554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=203.0.113.9');
  expect(e.receiver).toBe('Barracuda');
  expect(e.blocklist).toMatchObject({ name: 'Barracuda Reputation Block List', delist: { url: 'https://www.barracudacentral.org/rbl/removal-request' } });
  const text = await runCli(['explain', '550 5.7.606 Access denied, banned sending IP [192.0.2.7]. To request removal from this list please visit https://sender.office.com/ and follow the directions.']);
  expect(text.stdout).toMatch(/192\.0\.2\.7/);
  expect(text.stdout).toContain('https://sender.office.com/');
});

it('explain: a list named without its zone (Outlook.com S8002, iCloud\'s "Spamhaus PBL") is that list, with what to do about it', async () => {
  const dbl = await explainJson('550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To request removal from this list see https://www.spamhaus.org/query/lookup/ (S8002)');
  expect(dbl).toMatchObject({ receiver: 'Spamhaus', knownReply: 'outlook-spamhaus-domain-listed', blocklist: { name: 'Spamhaus DBL (domains)' } });
  expect(dbl.cause).toMatch(/another IP or relay does not help/);
  expect(dbl.fix?.join('\n')).toMatch(/bounce domain/);
  const pbl = await explainJson('550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus PBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1');
  expect(pbl).toMatchObject({ receiver: 'Spamhaus', knownReply: 'icloud-spamhaus-listed', blocklist: { name: 'Spamhaus PBL (policy)' } });
  expect(pbl.fix?.join('\n')).toMatch(/smarthost/);
});

it('explain: a reply that is no receiver\'s wording has no text-level fields, only the code-level explanation', async () => {
  const e = await explainJson('535 5.7.8 Authentication credentials invalid');
  expect(e.receiver).toBeUndefined();
  expect(e.cause).toBeUndefined();
  expect(e.fix).toBeUndefined();
  expect(e.link).toBeUndefined();
  expect(e.likelyCauses.join(' ')).toMatch(/[Ww]rong user name or password/);
});

await describeWithPeer('Postfix and the DNS peer', bothPeers, 'explain the real replies of the Postfix + Dovecot peer', () => {
  it('Relay access denied and User unknown in virtual mailbox table are Postfix\'s, with Postfix\'s fix', async () => {
    const peer = postfixPeer();
    const base = ['check', '--server', `${peer.host}:${peer.ports.smtp}`, '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--from', 'probe@example.com'];
    const relay = await explainJson(await realReply([...base, '--to', 'someone@elsewhere.example'], '554'));
    expect(relay).toMatchObject({ receiver: 'Postfix', knownReply: 'postfix-relay-denied' });
    expect(relay.fix?.join(' ')).toMatch(/mynetworks/);
    const unknown = await explainJson(await realReply([...base, '--to', peer.unknownUser], '550'));
    expect(unknown).toMatchObject({ receiver: 'Postfix', knownReply: 'postfix-user-unknown' });
    expect(unknown.cause).toContain('virtual mailbox table');
  });

  it('a wrong password through Dovecot SASL is Postfix\'s generic 535, never Microsoft\'s or Google\'s', async () => {
    const peer = postfixPeer();
    const reply = await realReply(
      ['check', '--server', `${peer.host}:${peer.ports.submission}`, '--tls', 'starttls', '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--auth-user', peer.user.username, '--auth-password-env', 'PEER_PASSWORD', '--from', peer.user.address, '--to', peer.user.address],
      '535',
      { PEER_PASSWORD: 'certainly-not-the-password' },
    );
    const e = await explainJson(reply);
    expect(e.receiver).toBe('Postfix');
    expect(e.knownReply).toBe('postfix-sasl-auth-failed');
    expect(JSON.stringify(e)).not.toMatch(/Microsoft|Exchange|Gmail|Google/);
  });
});

/**
 * `smtp-probe sandbox`: the built-in test server in the foreground, printing what a new user needs
 * to try every step (ports, credentials, the certificate to trust) until Ctrl+C.
 */
import path from 'node:path';
import { SANDBOX_DEFAULT_PORTS, SANDBOX_NTLM_DOMAIN, SandboxError, startSandbox } from '../engine/sandbox/index.ts';
import type { Sandbox, SandboxEvent } from '../engine/sandbox/index.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { defaultDataDir } from '../engine/store/data-dir.ts';
import type { CliIo } from './check-command.ts';
import { usageFailure } from './check-command.ts';
import { EXIT_CODES } from '../../shared/exit-codes.ts';
import { UsageError, parsePort } from './parse-target.ts';

export interface SandboxFlags {
  dataDir?: string;
  smtpPort?: string;
  tlsPort?: string;
  denyRelay?: boolean;
  greylist?: boolean;
  rejectAuth?: boolean;
  slowBanner?: string;
}

export async function runSandboxCommand(flags: SandboxFlags, io: CliIo, stop?: AbortSignal): Promise<number> {
  let slowBannerMs = 0;
  let smtpPort: number = SANDBOX_DEFAULT_PORTS.smtp;
  let tlsPort: number = SANDBOX_DEFAULT_PORTS.tls;
  try {
    if (flags.slowBanner !== undefined) {
      if (!/^\d{1,6}$/.test(flags.slowBanner) || Number(flags.slowBanner) > 120_000) throw new UsageError('--slow-banner', `takes milliseconds (0-120000), got "${flags.slowBanner.slice(0, 20)}"`);
      slowBannerMs = Number(flags.slowBanner);
    }
    if (flags.smtpPort !== undefined) smtpPort = flags.smtpPort === '0' ? 0 : parsePort(flags.smtpPort, '--smtp-port');
    if (flags.tlsPort !== undefined) tlsPort = flags.tlsPort === '0' ? 0 : parsePort(flags.tlsPort, '--tls-port');
  } catch (error) {
    return usageFailure(error, io);
  }
  const dataDir = path.resolve(flags.dataDir ?? path.join(defaultDataDir(), 'sandbox'));
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
    dataDir,
    smtpPort,
    tlsPort,
    behaviours: { denyRelay: flags.denyRelay ?? false, greylist: flags.greylist ?? false, rejectAuth: flags.rejectAuth ?? false, slowBannerMs },
    onEvent: (e) => io.stdout.write(`${describeEvent(e)}\n`),
    });
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    const hint = error.code === 'EADDRINUSE' ? ' (another program uses that port: pick others with --smtp-port/--tls-port, 0 = any free port)' : '';
    io.stderr.write(`smtp-probe sandbox: ${error.message}${hint}\n`);
    return error.code === 'EOPTION' || error.code === 'EHOST' ? EXIT_CODES.usage : EXIT_CODES.internal;
  }
  const lines = [
    'SMTP Probe built-in test server (127.0.0.1 only; nothing ever leaves this machine)',
    `  Plain + STARTTLS:  ${sandbox.host}:${sandbox.smtpPort}`,
    `  Implicit TLS:      ${sandbox.host}:${sandbox.tlsPort}`,
    `  Host name:         ${sandbox.hostname}`,
    `  User:              ${sandbox.credentials.user}`,
    `  Password:          ${sandbox.credentials.password}`,
    `  AUTH (after TLS):  ${sandbox.authMechanisms.join(', ')}   (NTLM: ${SANDBOX_NTLM_DOMAIN}\\${sandbox.credentials.user}, any other domain or none)`,
    `  Certificate (PEM): ${sandbox.certificatePath}   (self-signed: trust it with --ca)`,
    `  Local domains:     ${sandbox.localDomains.join(', ')}`,
    `  Messages saved in: ${sandbox.inboxDir}`,
    `  Behaviours:        ${JSON.stringify(sandbox.behaviours())}`,
    '',
    'Try it from another terminal:',
    `  SANDBOX_PASSWORD='${sandbox.credentials.password}' npx smtp-probe check --server ${sandbox.host}:${sandbox.smtpPort} --tls starttls --ca "${sandbox.certificatePath}" \\`,
    `      --ehlo client.example --auth-user ${sandbox.credentials.user} --auth-password-env SANDBOX_PASSWORD \\`,
    `      --from you@${sandbox.localDomains[0] ?? 'example.test'} --to someone@${sandbox.localDomains[0] ?? 'example.test'} --dns-server 127.0.0.1 --no-public-ip`,
    `  (add --auth-mech NTLM --auth-user '${SANDBOX_NTLM_DOMAIN}\\${sandbox.credentials.user}' to try the NTLM logon of an Exchange connector)`,
    '',
    'Press Ctrl+C to stop.',
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    stop?.addEventListener('abort', done, { once: true });
  });
  await sandbox.close();
  io.stdout.write('Test server stopped.\n');
  return 0;
}

/** One log line per sandbox event; client-supplied text goes through visibleText. */
export function describeEvent(e: SandboxEvent): string {
  const v = visibleText;
  switch (e.type) {
    case 'listening':
      return `${e.t} listening on ${e.host}:${e.smtpPort} (STARTTLS) and ${e.host}:${e.tlsPort} (TLS)`;
    case 'connection':
      return `${e.t} [${e.sessionId}] connection from ${e.remoteAddress} on the ${e.listener} port`;
    case 'banner-delayed':
      return `${e.t} [${e.sessionId}] holding the greeting for ${e.delayMs} ms (slow banner)`;
    case 'banner-released':
      return `${e.t} [${e.sessionId}] greeting sent`;
    case 'auth':
      return `${e.t} [${e.sessionId}] AUTH ${e.method} as ${v(e.user)}: ${e.accepted ? 'accepted' : 'refused'}`;
    case 'rejected':
      return `${e.t} [${e.sessionId}] ${e.stage} rejected: ${v(e.reply)}`;
    case 'message':
      return `${e.t} message ${e.message.id} from <${v(e.message.from)}> to ${e.message.to.map((t) => `<${v(t)}>`).join(', ')}, ${e.message.sizeOctets} bytes, saved as ${e.message.file}`;
    case 'notice':
      return `${e.t} note: ${v(e.text)}`;
    case 'error':
      return `${e.t} error ${e.error.code} (${e.error.phase}): ${v(e.error.message)}`;
    case 'closed':
      return `${e.t} stopped`;
  }
}

/**
 * What the wizard says about each step: its name, what it does in one line, and the command it will
 * send, built from the profile (editing happens in the profile form). The steps themselves come
 * from shared/steps.ts; nothing here adds or reorders one.
 */
import { defaultPort } from '../../../shared/check-request.ts';
import type { ProfileFields } from '../../../shared/profile.ts';
import type { StepId } from '../../../shared/steps.ts';

export const STEP_LABELS: Record<StepId, string> = {
  mx: 'MX lookup',
  ptr: 'PTR check',
  connect: 'Connect',
  banner: 'Banner',
  ehlo: 'EHLO',
  starttls: 'STARTTLS',
  auth: 'Auth',
  mail: 'MAIL FROM',
  rcpt: 'RCPT TO',
  data: 'DATA',
  quit: 'QUIT',
};

export const STEP_PURPOSE: Record<StepId, string> = {
  mx: 'Which servers receive mail for the domain (nslookup -type=mx).',
  ptr: 'Reverse DNS of the server and of your own public address, confirmed forward.',
  connect: 'Open a TCP connection to the server (telnet host port).',
  banner: 'Wait for the server to greet with 220.',
  ehlo: 'Introduce yourself and learn what the server supports.',
  starttls: 'Upgrade the connection to TLS and check the certificate.',
  auth: 'Log in with the stored credentials (the password never reaches this window).',
  mail: 'Announce the sender of the test message.',
  rcpt: 'Name each recipient; the server accepts or refuses each one.',
  data: 'Send the test message; the server answers with a queue id.',
  quit: 'Say goodbye and close the connection cleanly.',
};

/** The profile fields the previews use (a ProfileView has them all). */
export type CommandSource = Pick<ProfileFields, 'targetKind' | 'target' | 'port' | 'security' | 'ehloName' | 'authUser' | 'authMechanism' | 'from' | 'to' | 'subject'> & {
  /** The ready "Local test server" profile: the built-in server's own account is used. */
  builtIn?: 'sandbox';
};

/** The lines a step will send, as the transcript will show them (AUTH shown redacted). */
export function stepCommands(step: StepId, p: CommandSource): string[] {
  const port = p.port ?? defaultPort(p.security);
  switch (step) {
    case 'mx':
      return p.targetKind === 'domain' ? [`MX lookup of ${p.target}`] : [`Skipped: a server is given (${p.target})`];
    case 'ptr':
      return ['PTR of the server address and of your public IP, then forward confirmation'];
    case 'connect': {
      // The built-in server's ports are chosen when it starts; the run uses the live ones.
      if (p.builtIn === 'sandbox') return [`connect to the built-in test server on ${p.target} (${p.security === 'implicit' ? 'its TLS port' : 'its STARTTLS port'})`];
      const host = p.targetKind === 'domain' ? `best MX of ${p.target}` : p.target;
      const tls = p.security === 'implicit' ? ', TLS from the first byte' : '';
      return [`connect to ${host} port ${port}${tls}`];
    }
    case 'banner':
      return ['(wait for the 220 greeting)'];
    case 'ehlo':
      return [`EHLO ${p.ehloName && p.ehloName !== '' ? p.ehloName : "<this computer's name>"}`];
    case 'starttls':
      if (p.security === 'none') return ['Not used: plain text was chosen'];
      if (p.security === 'implicit') return ['TLS already started on connect'];
      return [p.security === 'starttls-optional' ? 'STARTTLS (when offered)' : 'STARTTLS'];
    case 'auth':
      if (p.builtIn === 'sandbox' && !p.authUser) return [`AUTH ${p.authMechanism ?? '<best offered>'} as the built-in server's user`];
      if (!p.authUser) return ['No user name: skipped'];
      return [`AUTH ${p.authMechanism ?? '<best offered>'} as ${p.authUser}`];
    case 'mail':
      return [p.from === undefined ? 'MAIL FROM: (no sender set: skipped)' : `MAIL FROM:<${p.from}>`];
    case 'rcpt':
      return p.to.length === 0 ? ['RCPT TO: (no recipient set: skipped)'] : p.to.map((to) => `RCPT TO:<${to}>`);
    case 'data':
      return ['DATA', `Subject: ${p.subject && p.subject !== '' ? p.subject : 'SMTP Probe test message'}`, '…', '.'];
    case 'quit':
      return ['QUIT'];
  }
}

export type TagSeverity = 'success' | 'warn' | 'danger' | 'secondary' | 'info' | 'contrast';

/** Tag colour and word of each status a step can show. */
export const STATUS_TAG: Record<string, { severity: TagSeverity; label: string; icon: string }> = {
  pass: { severity: 'success', label: 'pass', icon: 'pi pi-check-circle' },
  warn: { severity: 'warn', label: 'warn', icon: 'pi pi-exclamation-triangle' },
  fail: { severity: 'danger', label: 'fail', icon: 'pi pi-times-circle' },
  skipped: { severity: 'secondary', label: 'skipped', icon: 'pi pi-minus-circle' },
  running: { severity: 'info', label: 'running', icon: 'pi pi-spin pi-spinner' },
  ran: { severity: 'secondary', label: 'done', icon: 'pi pi-check' },
  pending: { severity: 'secondary', label: 'not run', icon: 'pi pi-circle' },
};

export function formatElapsed(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

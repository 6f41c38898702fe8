/**
 * The console's command buttons: which commands get a button, what argument each sends by default
 * (from the profile), and the single-line rule for anything typed (RFC 5321 §2.3.8: CR and LF only
 * ever end a line, so a typed line can never carry one).
 */
import type { InvokeInput } from '../../../shared/ipc/contract.ts';
import type { ProfileView } from '../../../shared/profile.ts';
import type { SmtpCommand } from '../../../shared/session.ts';
import { AUTH_MECHANISMS } from '../../../shared/steps.ts';

/** Buttons in the order an admin uses them. AUTH and DATA have their own helpers. */
export const BUTTON_COMMANDS = ['EHLO', 'HELO', 'STARTTLS', 'MAIL', 'RCPT', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT'] as const satisfies readonly SmtpCommand[];
export type ButtonCommand = (typeof BUTTON_COMMANDS)[number];

/** Commands whose button sends an argument, and what it means. */
export const ARGUMENT_HINT: Partial<Record<ButtonCommand, string>> = {
  EHLO: 'your host name',
  HELO: 'your host name',
  MAIL: 'sender address',
  RCPT: 'recipient address',
  VRFY: 'user or address to check',
  EXPN: 'mailing list to expand',
  HELP: 'topic (optional)',
};

/** The argument a button sends: what is typed in the argument box, else the profile's value. */
export function defaultArgument(command: ButtonCommand, typed: string, profile: ProfileView | undefined): string | undefined {
  const t = singleLine(typed).trim();
  if (t !== '') return t;
  switch (command) {
    case 'EHLO':
    case 'HELO':
      // No name in the profile: the engine sends its own default (this machine's name).
      return profile?.ehloName && profile.ehloName !== '' ? profile.ehloName : undefined;
    case 'MAIL':
      return profile?.from ?? '';
    case 'RCPT':
      return profile?.to[0];
    default:
      return undefined;
  }
}

/** Whether a button can be pressed: the engine allows it, and it has the argument it needs. */
export function needsArgument(command: ButtonCommand): boolean {
  return command === 'VRFY' || command === 'EXPN' || command === 'RCPT';
}

/** Removes CR, LF and NUL (a paste can bring them; the engine refuses them too). */
export function singleLine(text: string): string {
  return text.replace(/[\r\n\0]+/g, ' ');
}

type ConsoleCommandName = InvokeInput<'console/command'>['command'];

/** What a typed line does: a command of its own, or a note instead of sending anything. */
export type TypedLine =
  | { command: ConsoleCommandName; argument?: string; remembered: string }
  /** Not sent. `remembered`: what the history keeps (nothing when the line may hold a credential). `data`: it asked for DATA. */
  | { note: string; remembered?: string; data?: true };

/** Words of a line as a lenient server splits them (white space, and the ":" of "AUTH:PLAIN"). */
const wordsOf = (line: string): string[] => line.trim().split(/[\s:]+/).filter((w) => w !== '');

/**
 * A typed line to what it sends. STARTTLS, AUTH and QUIT go through their own commands, as the
 * buttons do (the TLS rules, the profile's stored credentials, an expected close after 221);
 * everything else is sent as typed. AUTH with more than a mechanism would carry credentials on the
 * line: it is not sent, and the note says how to log in. `remembered` is what the history keeps.
 */
export function routeTypedLine(line: string): TypedLine {
  const [verb = '', ...rest] = wordsOf(line);
  const upper = verb.toUpperCase();
  if (upper === 'STARTTLS' && rest.length === 0) return { command: 'STARTTLS', remembered: 'STARTTLS' };
  // EHLO/HELO through their commands, so the engine learns the extensions (AUTH, STARTTLS) offered.
  if ((upper === 'EHLO' || upper === 'HELO') && rest.length <= 1) return { command: upper, argument: rest[0] ?? '', remembered: line.trim() };
  if (upper === 'QUIT' && rest.length === 0) return { command: 'QUIT', remembered: 'QUIT' };
  if (upper === 'AUTH') {
    const mechanism = rest[0]?.toUpperCase();
    if (mechanism === undefined) return { command: 'AUTH', argument: '', remembered: 'AUTH' };
    if (rest.length === 1 && (AUTH_MECHANISMS as readonly string[]).includes(mechanism)) return { command: 'AUTH', argument: mechanism, remembered: `AUTH ${mechanism}` };
    if (rest.length === 1) return { note: `Unknown AUTH mechanism "${rest[0]}": type AUTH ${AUTH_MECHANISMS.join(', AUTH ')}, or AUTH alone for the profile's. Nothing was sent.`, remembered: line.trim() };
    return { note: `Type AUTH ${mechanism} alone: the engine logs in with the profile's stored password, so a password or initial response is never typed. Nothing was sent.` };
  }
  if (upper === 'DATA' || upper === 'BDAT') {
    return { note: `${upper} is not typed here: write the message in "Message for DATA" (opened for you) and press "DATA: send message" (it adds the dot-stuffing and the final dot). Nothing was sent.`, remembered: line.trim(), data: true };
  }
  return { command: 'RAW', argument: line, remembered: line };
}

/**
 * ↑/↓ history of typed lines, like a shell: ↑ steps back from the newest, ↓ forward, and past
 * the newest returns what was being typed. Consecutive repeats are kept once.
 */
export class CommandHistory {
  private readonly lines: string[] = [];
  /** Index into lines while browsing; lines.length = not browsing. */
  private at = 0;
  private draft = '';

  constructor(private readonly max = 200) {}

  get size(): number {
    return this.lines.length;
  }

  add(line: string): void {
    if (line !== '' && this.lines.at(-1) !== line) this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
    this.at = this.lines.length;
    this.draft = '';
  }

  /** The older line, or undefined at the oldest. `current` is kept as the draft when browsing starts. */
  up(current: string): string | undefined {
    if (this.at === 0) return undefined;
    if (this.at === this.lines.length) this.draft = current;
    this.at -= 1;
    return this.lines[this.at];
  }

  /** The newer line, the draft past the newest, or undefined when not browsing. */
  down(): string | undefined {
    if (this.at >= this.lines.length) return undefined;
    this.at += 1;
    return this.at === this.lines.length ? this.draft : this.lines[this.at];
  }

  clear(): void {
    this.lines.length = 0;
    this.at = 0;
    this.draft = '';
  }
}

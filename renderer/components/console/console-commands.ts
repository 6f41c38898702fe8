/**
 * The console's command buttons: which commands get a button, what argument each sends by default
 * (from the profile), and the single-line rule for anything typed (RFC 5321 §2.3.8: CR and LF only
 * ever end a line, so a typed line can never carry one).
 */
import type { ProfileView } from '../../../shared/profile.ts';
import type { SmtpCommand } from '../../../shared/session.ts';

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

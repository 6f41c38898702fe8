/**
 * Envelope addresses, host names and EHLO names, checked before anything is sent. The rules live
 * in shared/ (mailbox.ts, host-name.ts) so that the CLI, the service and the renderer's profile
 * form refuse the same input with the same words; the engine checks again before every command.
 */
import { checkHostname } from '../../../shared/host-name.ts';
import { visibleText } from '../../../shared/visible-text.ts';

export type { AddressCheck } from '../../../shared/mailbox.ts';
export { checkMailbox, conversionNote } from '../../../shared/mailbox.ts';
export type { EhloNameCheck, HostnameCheck } from '../../../shared/host-name.ts';
export { checkEhloName, checkHostname } from '../../../shared/host-name.ts';

/** The name to connect to and to send in SNI: an IDN as its A-labels; anything else as it is (validated elsewhere). */
export function asciiHost(name: string): string {
  const check = checkHostname(name);
  return check.ok ? check.ascii : name;
}

/** The transcript's note when the server name is used as its A-label. */
export function hostNote(name: string): string | undefined {
  const ascii = asciiHost(name);
  return /[^\x00-\x7f]/.test(name) && ascii !== name ? `the server name ${visibleText(name)} is used as ${ascii}: its A-label form, for DNS and TLS (SNI)` : undefined;
}

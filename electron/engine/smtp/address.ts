/**
 * Envelope addresses, host names and EHLO names, checked before anything is sent. The rules live
 * in shared/ (mailbox.ts, host-name.ts) so that the CLI, the service and the renderer's profile
 * form refuse the same input with the same words; the engine checks again before every command.
 */
export type { AddressCheck } from '../../../shared/mailbox.ts';
export { checkMailbox, conversionNote } from '../../../shared/mailbox.ts';
export type { EhloNameCheck, HostnameCheck } from '../../../shared/host-name.ts';
export { checkEhloName, checkHostname } from '../../../shared/host-name.ts';

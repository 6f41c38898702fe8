/**
 * Public types of the built-in test server ("Local test server" profile, `smtp-probe sandbox`).
 * Declared once here; the rest of the sandbox and its hosts derive from them.
 */
import type { SandboxErrorInfo } from './sandbox-error.ts';

/** Demo switches; each can be changed while the server runs. */
export interface SandboxBehaviours {
  /** Recipients outside localDomains from an unauthenticated client get 554 5.7.1. */
  denyRelay: boolean;
  /** First attempt per (client, from, to) gets 451 4.7.1; a retry is accepted. */
  greylist: boolean;
  /** Every AUTH gets 535 5.7.8, whatever the credentials. */
  rejectAuth: boolean;
  /** The 220 greeting is held back this many milliseconds (0 = at once). */
  slowBannerMs: number;
}

export interface SandboxOptions {
  /** Folder for the certificate, key, credentials and inbox; created when missing. */
  dataDir: string;
  /** 127.0.0.1 only: anything else is refused. */
  host?: string;
  /** Plain listener with STARTTLS; 0 = random free port. Default SANDBOX_DEFAULT_PORTS.smtp. */
  smtpPort?: number;
  /** Implicit TLS listener; 0 = random free port. Default SANDBOX_DEFAULT_PORTS.tls. */
  tlsPort?: number;
  /** Name in the greeting, the EHLO reply and the certificate. Default 'sandbox.smtp-probe.test'. */
  hostname?: string;
  behaviours?: Partial<SandboxBehaviours>;
  /** Advertised with SIZE and enforced (552 5.3.4). Default 10 MiB. */
  maxMessageBytes?: number;
  onEvent?: (e: SandboxEvent) => void;
}

export interface SandboxInfo {
  host: string;
  smtpPort: number;
  tlsPort: number;
  hostname: string;
  credentials: { user: string; password: string };
  certificatePem: string;
  certificatePath: string;
  dataDir: string;
  inboxDir: string;
  localDomains: string[];
  /** The AUTH mechanisms offered after TLS (SANDBOX_AUTH_MECHANISMS). */
  authMechanisms: readonly SandboxAuthMechanism[];
}

/**
 * What the sandbox offers after TLS: the common ones, and NTLM as Exchange's receive connectors
 * offer it (ntlm-mechanism.ts), so the NTLM path can be tried without Exchange.
 */
export const SANDBOX_AUTH_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'NTLM'] as const;
export type SandboxAuthMechanism = (typeof SANDBOX_AUTH_MECHANISMS)[number];
export { SANDBOX_NTLM_DOMAIN } from '../../../shared/ipc/sandbox-types.ts';

export interface SandboxMessage {
  id: string;
  /** Absolute path of the .eml file. */
  file: string;
  /** ISO 8601. */
  receivedAt: string;
  /** Envelope sender ('' for the null sender). */
  from: string;
  /** Envelope recipients. */
  to: string[];
  subject?: string;
  sizeOctets: number;
  authenticatedUser?: string;
  tls: boolean;
}

/** One stored message read back for the inbox viewer. */
export interface StoredMessageText {
  /** The message as stored (Received header first), decoded as UTF-8; at most 1 MiB (inbox.ts MAX_VIEWED_BYTES). */
  text: string;
  /** The file is longer than what `text` holds. */
  truncated: boolean;
  sizeOctets: number;
}

export interface Sandbox extends SandboxInfo {
  behaviours(): SandboxBehaviours;
  setBehaviours(b: Partial<SandboxBehaviours>): void;
  listMessages(): Promise<SandboxMessage[]>;
  /** One stored message as text (capped), or undefined when the id is unknown. */
  readMessage(id: string): Promise<StoredMessageText | undefined>;
  close(): Promise<void>;
}

export type SandboxListener = 'smtp' | 'tls';
export type SandboxRejectStage = 'auth' | 'rcpt' | 'data';

/** What the sandbox tells its host (CLI prints them, the app shows them). Never carries a password. */
export type SandboxEvent =
  | { type: 'listening'; t: string; host: string; smtpPort: number; tlsPort: number }
  | { type: 'connection'; t: string; sessionId: string; listener: SandboxListener; remoteAddress: string }
  /** The greeting is being held back (slowBannerMs). */
  | { type: 'banner-delayed'; t: string; sessionId: string; delayMs: number }
  /** The hold is over; the 220 goes out right after this event. */
  | { type: 'banner-released'; t: string; sessionId: string }
  | { type: 'auth'; t: string; sessionId: string; method: string; user: string; accepted: boolean }
  | { type: 'rejected'; t: string; sessionId: string; stage: SandboxRejectStage; reply: string }
  | { type: 'message'; t: string; message: SandboxMessage }
  /** Something the operator should know that is not an error (e.g. certificate renewed). */
  | { type: 'notice'; t: string; text: string }
  | { type: 'error'; t: string; error: SandboxErrorInfo }
  | { type: 'closed'; t: string };

export const SANDBOX_DEFAULT_PORTS = { smtp: 2525, tls: 2465 } as const satisfies { smtp: number; tls: number };

export const SANDBOX_DEFAULT_HOSTNAME = 'sandbox.smtp-probe.test';
export const SANDBOX_HOST = '127.0.0.1';

/** What the renderer sees of the built-in test server. */

/** The NetBIOS domain the built-in server's NTLM CHALLENGE names; a client may send any domain, or none, with the user. */
export const SANDBOX_NTLM_DOMAIN = 'SANDBOX';

export interface SandboxBehavioursView {
  denyRelay: boolean;
  greylist: boolean;
  rejectAuth: boolean;
  slowBannerMs: number;
}

export interface SandboxStatus {
  running: boolean;
  host?: string;
  smtpPort?: number;
  tlsPort?: number;
  hostname?: string;
  /** Shown so the user can try the server from other tools; it is a throwaway local credential. */
  user?: string;
  password?: string;
  localDomains?: string[];
  /** The AUTH mechanisms it offers after TLS, NTLM among them. */
  authMechanisms?: string[];
  behaviours?: SandboxBehavioursView;
}

export interface SandboxMessageView {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject?: string;
  sizeOctets: number;
  tls: boolean;
  authenticatedUser?: string;
}

/** One received message as the built-in server stored it (its Received header first). */
export interface SandboxMessageText {
  id: string;
  /** UTF-8 text of the stored message, at most 1 MiB. */
  text: string;
  /** The stored message is longer than `text`. */
  truncated: boolean;
  sizeOctets: number;
}

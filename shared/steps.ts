/** The wizard's steps, in the order a run walks them. Declared once; everything else derives from it. */
export const STEP_IDS = ['mx', 'ptr', 'connect', 'banner', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'quit'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Each step's name as the wizard and the exports say it. */
export const STEP_LABELS: Record<StepId, string> = {
  mx: 'MX lookup',
  ptr: 'PTR check',
  // Inside the "Connect" group: a distinct name, so the group and its sub-step are told apart.
  connect: 'TCP connection',
  banner: 'Banner',
  ehlo: 'EHLO',
  starttls: 'STARTTLS',
  auth: 'Auth',
  mail: 'MAIL FROM',
  rcpt: 'RCPT TO',
  data: 'DATA',
  quit: 'QUIT',
};

export const STEP_STATUSES = ['pass', 'warn', 'fail', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A step's verdict and its details: declared as a schema in step-result.ts. */
export type { StepResult } from './step-result.ts';

/** Stages after which a run can stop with a clean QUIT (swaks' --quit-after). */
export const STOP_STAGES = ['banner', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data'] as const;
export type StopStage = (typeof STOP_STAGES)[number];

/** Transport security modes. */
export const SECURITY_MODES = ['none', 'starttls', 'starttls-optional', 'implicit'] as const;
export type SecurityMode = (typeof SECURITY_MODES)[number];

export const AUTH_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'NTLM', 'XOAUTH2'] as const;
export type AuthMechanism = (typeof AUTH_MECHANISMS)[number];

/**
 * What a listener on an unencrypted path gets from each mechanism; none runs without TLS unless
 * the user allowed plaintext AUTH. PLAIN (RFC 4616 §4) and LOGIN send the password itself (base64
 * is no encryption). CRAM-MD5 (RFC 2195) sends the user and HMAC-MD5(password, challenge): offline
 * crackable by dictionary or brute force, and a server that stripped STARTTLS picks the challenge.
 * NTLM (MS-NLMP) sends an NTLMv2 response to the server's challenge: cracked offline the same way,
 * and relayable to another server that trusts the same domain.
 * XOAUTH2 sends the bearer token, replayable by anyone who saw it until it expires.
 */
export const AUTH_EXPOSURE_WITHOUT_TLS = {
  PLAIN: 'readable',
  LOGIN: 'readable',
  'CRAM-MD5': 'crackable',
  NTLM: 'crackable',
  XOAUTH2: 'replayable',
} as const satisfies Record<AuthMechanism, string>;
export type AuthExposure = (typeof AUTH_EXPOSURE_WITHOUT_TLS)[AuthMechanism];

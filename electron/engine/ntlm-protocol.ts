/**
 * MS-NLMP facts both ends of NTLM use: the engine's client (smtp/ntlm.ts) and the built-in test
 * server's mechanism (sandbox/ntlm-mechanism.ts), which may not import the client.
 */
import type ntlmModule from 'httpntlm/ntlm.js';

export type NtlmLibrary = typeof ntlmModule;
let library: Promise<NtlmLibrary> | undefined;
/** httpntlm, loaded on first use: most runs never log in with NTLM, and loading it costs tens of ms at start-up. */
export const ntlmLibrary = (): Promise<NtlmLibrary> => (library ??= import('httpntlm/ntlm.js').then((m) => m.default));

/** Every NTLM message starts with these 8 bytes (§2.2.1). */
export const NTLM_SIGNATURE = 'NTLMSSP\0';

/** NEGOTIATE flags (§2.2.2.5) the two ends look at. */
export const NTLM_FLAGS = {
  UNICODE: 0x1,
  REQUEST_TARGET: 0x4,
  NTLM: 0x200,
  TARGET_TYPE_DOMAIN: 0x1_0000,
  /** With TARGET_INFO: what an NTLMv2 answer needs. */
  EXTENDED_SESSION_SECURITY: 0x8_0000,
  TARGET_INFO: 0x80_0000,
} as const;

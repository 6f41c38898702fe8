/**
 * The NTLM message functions of the httpntlm package (its documented `httpntlm.ntlm`, loaded
 * from the file alone so the HTTP client beside it is not loaded). Only what the engine uses.
 */
declare module 'httpntlm/ntlm.js' {
  export interface NtlmType2Message {
    type: number;
    negotiateFlags: number;
    serverChallenge: Buffer;
    targetInfo?: Buffer;
  }
  export interface NtlmAccountOptions {
    username: string;
    password: string;
    domain: string;
    workstation: string;
  }
  const ntlm: {
    /** "NTLM <base64 NEGOTIATE_MESSAGE>" */
    createType1Message(options: { domain: string; workstation: string }): string;
    /** Null (after calling `callback` with the error) when the text holds no type-2 message. */
    parseType2Message(header: string, callback: (error: Error) => void): NtlmType2Message | null;
    /** "NTLM <base64 AUTHENTICATE_MESSAGE>" */
    createType3Message(type2: NtlmType2Message, options: NtlmAccountOptions): string;
    /** NTOWFv1: MD4 of the UTF-16LE password (js-md4). */
    create_NT_hashed_password(password: string): Buffer;
  };
  export default ntlm;
}

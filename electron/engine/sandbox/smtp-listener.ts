/**
 * One smtp-server listener as the sandbox needs it: replies keep the enhanced status code
 * the sandbox chose, and listen/close are promises with sandbox errors.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SandboxError } from './sandbox-error.ts';

type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/** A reply text that already starts with an RFC 3463 enhanced status code ("5.7.1 Relaying refused: …"). */
export const EXPLICIT_ENHANCED_CODE = /^[245]\.\d{1,3}\.\d{1,3} /;

/**
 * Replies whose smtp-server wording we replace. 538 before STARTTLS: RFC 4954 §6 pairs it with
 * 5.7.11, where smtp-server's default table would say 5.7.0.
 */
export const REPLY_REWRITES: Readonly<Record<number, string>> = {
  538: '5.7.11 Encryption required: issue STARTTLS before AUTH',
};

/**
 * The reply actually sent for (code, text): smtp-server prefixes its own enhanced code from a
 * per-reply-code table (554 -> 5.6.0, 451 -> 4.3.0), which would contradict the sandbox's
 * (554 5.7.1, 451 4.7.1). A text that brings its own code is sent as is. Pure, for tests.
 */
export function shapeReply(code: number, text: string | string[] | null | undefined): { text: string | string[] | null | undefined; keepOwnCode: boolean } {
  const rewrite = REPLY_REWRITES[code];
  if (rewrite !== undefined) return { text: rewrite, keepOwnCode: true };
  return { text, keepOwnCode: typeof text === 'string' && EXPLICIT_ENHANCED_CODE.test(text) };
}

function keepExplicitEnhancedCodes(connection: Connection): void {
  const send = connection.send.bind(connection);
  connection.send = (code, data, context) => {
    const shaped = shapeReply(code, data);
    // context false tells smtp-server not to add its own enhanced code (smtp-connection send()).
    send(code, shaped.text, shaped.keepOwnCode ? false : context);
  };
}

/** smtp-server with the reply shaping above applied to every connection. */
export class SandboxSmtpServer extends SMTPServer {
  override connect(...args: Parameters<SMTPServer['connect']>): void {
    super.connect(...args);
    // super.connect() adds the new connection last and only schedules the greeting, so
    // patching here comes before any reply is sent.
    let newest: Connection | undefined;
    for (const connection of this.connections) newest = connection;
    if (newest) keepExplicitEnhancedCodes(newest);
  }
}

/** Listens on host:port (0 = random) and resolves with the bound port. */
export function listenOn(server: SMTPServer, host: string, port: number, label: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error & { code?: string }) => {
      const message =
        err.code === 'EADDRINUSE'
          ? `Port ${port} on ${host} (${label}) is already in use: choose another port, or 0 for a free one`
          : `Cannot listen on ${host}:${port} (${label}): ${err.message}`;
      reject(new SandboxError(err.code === 'EADDRINUSE' ? 'EADDRINUSE' : 'ELISTEN', 'listen', message, err));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

/** Stops listening, tells every open session 421 and closes it, and resolves once all sockets are gone. */
export function closeListener(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    // smtp-server would wait closeTimeout for sessions to end by themselves; a sandbox closes now.
    for (const connection of server.connections) {
      connection.send(421, '4.3.2 Sandbox shutting down');
      connection.close();
    }
  });
}

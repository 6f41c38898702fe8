/**
 * After STARTTLS, whether to send the first command at once or when the server's TLS 1.3 session
 * ticket has arrived.
 *
 * An OpenSSL server (Postfix, for one) writes its ticket as soon as our Finished arrives, and its
 * answer to the command sent with that Finished in a second write. With Nagle's algorithm on its
 * side, the answer waits until we acknowledge the ticket, and a client with nothing to send delays
 * that ACK (40 ms on Linux, up to 200 ms elsewhere): measured here, EHLO after TLS took 45 ms against
 * Postfix on loopback, 1 ms when sent after the ticket (its segment carries the ACK). Waiting costs a
 * round trip when the server answers at once, so it is done only where a round trip costs less than
 * the delayed ACK, and never longer than two round trips and a little (a server may send no ticket).
 */
import type tls from 'node:tls';

/** The shortest delayed ACK of the usual systems (Linux): beyond that round trip, sending at once costs less. */
export const DELAYED_ACK_MS = 40;

/**
 * How long to wait for the ticket, or undefined to send at once: TLS 1.3 only (TLS 1.2 tickets come
 * inside the handshake), and only when a round trip (the fastest reply on this connection so far)
 * costs less than the delayed ACK. The ticket needs one round trip and the server's work: the bound
 * is two round trips and 10 ms, after which the command goes as it would have without waiting.
 */
export function ticketWaitMs(protocol: string | null, roundTripMs: number | undefined): number | undefined {
  if (protocol !== 'TLSv1.3' || roundTripMs === undefined || !(roundTripMs < DELAYED_ACK_MS)) return undefined;
  return Math.ceil(2 * roundTripMs) + 10;
}

export interface TicketArrival {
  /** Resolves when the ticket has arrived, the socket closed, or `maxMs` passed; at once for undefined. */
  wait(maxMs: number | undefined): Promise<void>;
}

/**
 * Watches `secure` for the server's session ticket from the start of the handshake (Node reports
 * tickets only to a 'session' listener present when they arrive).
 */
export function watchTicket(secure: tls.TLSSocket): TicketArrival {
  let arrived = false;
  let wake: (() => void) | undefined;
  const onSession = () => {
    arrived = true;
    wake?.();
  };
  secure.once('session', onSession);
  return {
    wait(maxMs) {
      if (arrived || maxMs === undefined) {
        secure.removeListener('session', onSession);
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wake = undefined;
          secure.removeListener('session', onSession);
          secure.removeListener('close', done);
          // A write made while Node is still inside the ticket's callback is not flushed until the
          // next read or write: resume on the next turn of the event loop.
          setImmediate(resolve);
        };
        const timer = setTimeout(done, maxMs);
        wake = done;
        secure.once('close', done);
      });
    },
  };
}

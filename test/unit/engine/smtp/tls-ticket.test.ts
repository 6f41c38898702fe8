/** When the first command after STARTTLS waits for the server's TLS 1.3 ticket, and how the wait ends. */
import { EventEmitter } from 'node:events';
import type tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { DELAYED_ACK_MS, ticketWaitMs, watchTicket } from '../../../../electron/engine/smtp/tls-ticket.ts';

describe('ticketWaitMs', () => {
  it('waits on a TLS 1.3 link whose round trip costs less than the delayed ACK: two round trips and 10 ms at most', () => {
    expect(ticketWaitMs('TLSv1.3', 1)).toBe(12);
    expect(ticketWaitMs('TLSv1.3', 0.3)).toBe(11);
    expect(ticketWaitMs('TLSv1.3', DELAYED_ACK_MS - 1)).toBe(2 * (DELAYED_ACK_MS - 1) + 10);
  });

  it('sends at once on a slower link, with TLS 1.2 (tickets inside the handshake), or with no round trip measured', () => {
    expect(ticketWaitMs('TLSv1.3', DELAYED_ACK_MS)).toBeUndefined();
    expect(ticketWaitMs('TLSv1.3', 120)).toBeUndefined();
    expect(ticketWaitMs('TLSv1.2', 1)).toBeUndefined();
    expect(ticketWaitMs(null, 1)).toBeUndefined();
    expect(ticketWaitMs('TLSv1.3', undefined)).toBeUndefined();
    expect(ticketWaitMs('TLSv1.3', Number.NaN)).toBeUndefined();
  });
});

describe('watchTicket', () => {
  const socket = () => new EventEmitter() as unknown as tls.TLSSocket;
  const settled = async (p: Promise<void>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

  it('a ticket that came during the handshake: no wait, and no listener left behind', async () => {
    const s = socket();
    const arrival = watchTicket(s);
    s.emit('session', Buffer.alloc(1));
    await arrival.wait(10_000);
    expect(s.listenerCount('session')).toBe(0);
  });

  it('a ticket that comes later ends the wait; so does the socket closing', async () => {
    for (const event of ['session', 'close']) {
      const s = socket();
      const waiting = watchTicket(s).wait(10_000);
      expect(await settled(waiting, 20)).toBe(false);
      s.emit(event, Buffer.alloc(1));
      expect(await settled(waiting, 1000)).toBe(true);
      expect(s.listenerCount('session') + s.listenerCount('close')).toBe(0);
    }
  });

  it('no ticket: the wait ends at its bound; undefined does not wait at all', async () => {
    const s = socket();
    expect(await settled(watchTicket(s).wait(5), 1000)).toBe(true);
    expect(s.listenerCount('session') + s.listenerCount('close')).toBe(0);
    const t = socket();
    expect(await settled(watchTicket(t).wait(undefined), 1000)).toBe(true);
    expect(t.listenerCount('session')).toBe(0);
  });
});

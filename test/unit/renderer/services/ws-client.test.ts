import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridgeClient } from '../../../../renderer/services/ws-client.ts';
import type { WebSocketLike } from '../../../../renderer/services/ws-client.ts';

/** A socket the test drives: it records what the client sends and fires the events on demand. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  reply(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  lastRequest(): { id: string; channel: string; input: unknown } {
    return JSON.parse(this.sent.at(-1) ?? 'null') as { id: string; channel: string; input: unknown };
  }
}

let sockets: FakeSocket[];
const connect = (url: string) => {
  const socket = new FakeSocket(url);
  sockets.push(socket);
  return socket;
};

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createBridgeClient', () => {
  it('queues requests until the socket opens, then correlates answers by id', async () => {
    const api = createBridgeClient({ url: 'ws://h/api?token=t', connect, warn: () => {} });
    const first = api.invoke('app/info', {});
    const second = api.invoke('profiles/list', {});
    expect(sockets[0]!.sent).toEqual([]);
    sockets[0]!.open();
    const [a, b] = sockets[0]!.sent.map((s) => JSON.parse(s) as { id: string; channel: string });
    expect([a!.channel, b!.channel]).toEqual(['app/info', 'profiles/list']);
    sockets[0]!.reply({ id: b!.id, result: { ok: true, value: [] } });
    sockets[0]!.reply({ id: a!.id, result: { ok: false, error: { code: 'ENOTFOUND', message: 'x' } } });
    expect(await second).toEqual({ ok: true, value: [] });
    expect(await first).toEqual({ ok: false, error: { code: 'ENOTFOUND', message: 'x' } });
    api.close();
  });

  it('delivers events to the listeners of their channel until unsubscribed, and survives a throwing listener', () => {
    const warnings: string[] = [];
    const api = createBridgeClient({ url: 'ws://h/api', connect, warn: (m) => warnings.push(m) });
    sockets[0]!.open();
    const got: unknown[] = [];
    api.on('sandbox/event', () => {
      throw new Error('listener bug');
    });
    const off = api.on('sandbox/event', (p) => got.push(p));
    api.on('storage/notice', () => got.push('wrong channel'));
    sockets[0]!.reply({ event: 'sandbox/event', payload: { text: 'a', t: 't' } });
    off();
    sockets[0]!.reply({ event: 'sandbox/event', payload: { text: 'b', t: 't' } });
    expect(got).toEqual([{ text: 'a', t: 't' }]);
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
    api.close();
  });

  it('fails a sent request with EINTERNAL when the connection drops, and reconnects with backoff', async () => {
    const api = createBridgeClient({ url: 'ws://h/api', connect, backoff: { initialMs: 100, maxMs: 400 }, warn: () => {} });
    sockets[0]!.open();
    const inFlight = api.invoke('app/info', {});
    sockets[0]!.drop();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    // The next attempt fails too: the delay doubles.
    sockets[1]!.drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    const next = api.invoke('app/info', {});
    sockets[2]!.reply({ id: sockets[2]!.lastRequest().id, result: { ok: true, value: 1 } });
    expect(await next).toEqual({ ok: true, value: 1 });
    api.close();
  });

  it('fails queued requests when the connection cannot be opened, instead of hanging', async () => {
    const api = createBridgeClient({ url: 'ws://h/api', connect, warn: () => {} });
    const pending = api.invoke('app/info', {});
    sockets[0]!.drop();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    api.close();
  });

  it('refuses an input over the size cap or not JSON locally, with EINVALID, without sending it', async () => {
    const api = createBridgeClient({ url: 'ws://h/api', connect, warn: () => {} });
    sockets[0]!.open();
    expect(await api.invoke('profiles/import', { json: 'x'.repeat(2 * 1024 * 1024) })).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(await api.invoke('app/info', { n: 1n } as unknown as Record<string, never>)).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(sockets[0]!.sent).toEqual([]);
    api.close();
  });

  it('turns a malformed answer into EINTERNAL and ignores answers to unknown ids', async () => {
    const api = createBridgeClient({ url: 'ws://h/api', connect, warn: () => {} });
    sockets[0]!.open();
    const call = api.invoke('app/info', {});
    sockets[0]!.reply({ id: 'r999', result: { ok: true, value: 'not mine' } });
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.reply({ id: sockets[0]!.lastRequest().id, result: { ok: 'yes' } });
    expect(await call).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    api.close();
  });

  it('after close, every call resolves EINTERNAL and nothing reconnects', async () => {
    const api = createBridgeClient({ url: 'ws://h/api', connect, warn: () => {} });
    api.close();
    expect(await api.invoke('app/info', {})).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

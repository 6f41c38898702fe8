import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleBridgeMessage, MAX_MESSAGE_BYTES } from '../../../electron/serve/ws-bridge.ts';
import { encodeRequest, messageLimit } from '../../../shared/ipc/bridge-protocol.ts';
import { fakeHandlers } from '../../helpers/fake-handlers.ts';

describe('handleBridgeMessage', () => {
  it('answers a valid request with the same id and the handler result', async () => {
    const { handlers } = fakeHandlers();
    expect(await handleBridgeMessage(handlers, encodeRequest({ id: 'r1', channel: 'app/info', input: {} }))).toEqual({
      id: 'r1',
      result: { ok: true, value: { channel: 'app/info', input: {} } },
    });
  });

  it.each([
    ['not JSON', '{oops', null],
    ['an array', '[1,2]', null],
    ['no id', '{"channel":"app/info","input":{}}', null],
    ['an id that is too long', JSON.stringify({ id: 'x'.repeat(65), channel: 'app/info', input: {} }), null],
    ['an unknown channel', '{"id":"r2","channel":"fs/read","input":{}}', 'r2'],
    ['input failing the schema', '{"id":"r3","channel":"profiles/delete","input":{"id":1}}', 'r3'],
  ])('refuses %s with EINVALID', async (_what, raw, id) => {
    const { handlers, calls } = fakeHandlers();
    const response = await handleBridgeMessage(handlers, raw);
    expect(response.id).toBe(id);
    expect(response.result).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(calls).toEqual([]);
  });

  it('refuses an oversized message without parsing it, still naming its id', async () => {
    const { handlers, calls } = fakeHandlers();
    const raw = encodeRequest({ id: 'r9', channel: 'profiles/import', input: { json: 'x'.repeat(MAX_MESSAGE_BYTES) } });
    const response = await handleBridgeMessage(handlers, Buffer.from(raw));
    expect(response).toMatchObject({ id: 'r9', result: { ok: false, error: { code: 'EINVALID' } } });
    expect(calls).toEqual([]);
  });

  it("takes a report file's text over the 1 MiB cap on report/open only, and still caps it", async () => {
    const { handlers, calls } = fakeHandlers();
    const text = 'x'.repeat(2 * MAX_MESSAGE_BYTES);
    const report = await handleBridgeMessage(handlers, Buffer.from(encodeRequest({ id: 'r10', channel: 'report/open', input: { text, fileName: 'a.json' } })));
    expect(report).toMatchObject({ id: 'r10', result: { ok: true } });
    expect(calls.map((c) => c.channel)).toEqual(['report/open']);
    const other = await handleBridgeMessage(handlers, Buffer.from(encodeRequest({ id: 'r11', channel: 'profiles/import', input: { json: text } })));
    expect(other).toMatchObject({ id: 'r11', result: { ok: false, error: { code: 'EINVALID' } } });
    const over = await handleBridgeMessage(handlers, encodeRequest({ id: 'r12', channel: 'report/open', input: { text: 'x'.repeat(messageLimit('report/open')), fileName: 'a.json' } }));
    expect(over).toMatchObject({ id: 'r12', result: { ok: false, error: { code: 'EINVALID', message: expect.stringMatching(/the limit is/) } } });
    expect(calls).toHaveLength(1);
  });

  it('never throws on arbitrary text or JSON', async () => {
    const { handlers } = fakeHandlers();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ id: 'r1', channel: 'profiles/save', input: v }))), async (raw) => {
        const response = await handleBridgeMessage(handlers, raw);
        expect(typeof response.result.ok).toBe('boolean');
        if (!response.result.ok) expect(response.result.error.code).toBe('EINVALID');
      }),
      { numRuns: 300 },
    );
  });
});

/** The console store's transcript: batches of console/transcript lines for its own console, in order. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { isProxy } from 'vue';
import type { TranscriptEvent } from '../../../../shared/transcript.ts';
import { fakeApi } from '../wizard/fake-api.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('../wizard/fake-api.ts')).apiModule());

const { useConsoleStore } = await import('../../../../renderer/stores/console.ts');

const PROFILE = '11111111-1111-4111-8111-111111111111';
const line = (seq: number, text: string): TranscriptEvent => ({ seq, t: seq, dir: seq % 2 ? 'S' : 'C', text });

describe('console store transcript', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
    fakeApi.handle('console/open', (input) => ({ ok: true, value: { consoleId: input.consoleId, allowed: ['EHLO', 'QUIT'], greeting: { code: 220, lines: ['ok'], raw: ['220 ok'] } } }));
    fakeApi.handle('console/close', (input) => ({ ok: true, value: { consoleId: input.consoleId } }));
  });

  it('appends each batch of its own console in order and ignores other consoles', async () => {
    const store = useConsoleStore();
    await store.open(PROFILE);
    const consoleId = store.consoleId!;
    fakeApi.emit('console/transcript', { consoleId, events: [line(1, '220 ok'), line(2, 'EHLO x')] });
    fakeApi.emit('console/transcript', { consoleId: '99999999-9999-4999-8999-999999999999', events: [line(1, '220 elsewhere')] });
    fakeApi.emit('console/transcript', { consoleId, events: [line(3, '250-hello'), line(4, 'QUIT')] });
    expect(store.transcript.map((l) => l.text)).toEqual(['220 ok', 'EHLO x', '250-hello', 'QUIT']);
    expect(isProxy(store.transcript[0])).toBe(false);
  });

  it('takes a batch of 200,000 lines (no push(...spread)), and a new console starts empty', async () => {
    const store = useConsoleStore();
    await store.open(PROFILE);
    const events = Array.from({ length: 200_000 }, (_, i) => line(i + 1, `250 ${i + 1}`));
    fakeApi.emit('console/transcript', { consoleId: store.consoleId!, events });
    expect(store.transcript.length).toBe(200_000);
    expect(store.transcript.at(-1)?.text).toBe('250 200000');
    await store.open(PROFILE);
    expect(store.transcript).toEqual([]);
  });
});

/** A handler table for IPC tests: every channel answers ok({ channel, input }) and records its calls. */
import { vi } from 'vitest';
import { INVOKE } from '../../../shared/ipc/contract.ts';
import type { Handlers, InvokeChannel } from '../../../shared/ipc/contract.ts';
import { ok } from '../../../shared/ipc/result.ts';

export function fakeHandlers(): Handlers & Record<InvokeChannel, ReturnType<typeof vi.fn>> {
  const table = Object.fromEntries(Object.keys(INVOKE).map((channel) => [channel, vi.fn(async (input: unknown) => ok({ channel, input }))]));
  return table as unknown as Handlers & Record<InvokeChannel, ReturnType<typeof vi.fn>>;
}

/**
 * A handler table for testing hosts (browser mode, IPC adapters) without the engine: every channel
 * answers `ok({ channel, input })` with the input it received, unless a test overrides it.
 */
import { INVOKE } from '../../shared/ipc/contract.ts';
import type { Handlers, InvokeChannel } from '../../shared/ipc/contract.ts';
import { ok } from '../../shared/ipc/result.ts';

export interface FakeCall {
  channel: InvokeChannel;
  input: unknown;
}

export function fakeHandlers(overrides: Partial<Record<InvokeChannel, (input: unknown) => Promise<unknown>>> = {}): { handlers: Handlers; calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const table: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of Object.keys(INVOKE) as InvokeChannel[]) {
    table[channel] = async (input: unknown) => {
      calls.push({ channel, input });
      const override = overrides[channel];
      return override ? override(input) : ok({ channel, input });
    };
  }
  return { handlers: table as unknown as Handlers, calls };
}

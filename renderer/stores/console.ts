/**
 * The manual console: one telnet-like session over the engine's SmtpClient (console/* channels).
 * Its state and how answers move it on: console/session-state.ts; its lines: transcript-lines.ts.
 * Replies arrive both as the command's result and as 'console/transcript' lines (in batches, sent
 * before the command's result).
 */
import { defineStore } from 'pinia';
import type { Ref } from 'vue';
import type { InvokeInput } from '../../shared/ipc/contract.ts';
import type { SmtpCommand } from '../../shared/session.ts';
import { api } from '../services/api.ts';
import { useConsoleSessionState } from './console/session-state.ts';
import { createTranscriptLines } from './transcript-lines.ts';

export type { ConsoleStatus } from './console/session-state.ts';

type ConsoleCommandName = InvokeInput<'console/command'>['command'];

/** The lines of this store's own console, in order; another console's are not ours. */
function useConsoleTranscript(consoleId: Readonly<Ref<string | null>>) {
  const lines = createTranscriptLines();
  // The store lives as long as the window: this subscription is never dropped.
  api.on('console/transcript', (payload) => {
    if (payload.consoleId === consoleId.value) lines.append(payload.events);
  });
  return lines;
}

export const useConsoleStore = defineStore('console', () => {
  const session = useConsoleSessionState();
  const { consoleId, status } = session.state;
  const lines = useConsoleTranscript(consoleId);

  /** Connects with the profile's settings (host, port, TLS mode, EHLO name, CA). */
  async function open(forProfile: string): Promise<void> {
    if (consoleId.value !== null) await close();
    const id = crypto.randomUUID();
    session.opening(id, forProfile);
    lines.clear();
    const result = await api.invoke('console/open', { consoleId: id, profileId: forProfile });
    if (consoleId.value !== id) return;
    if (result.ok) session.opened(result.value);
    else {
      session.refused(result.error);
      session.closed();
    }
  }

  /** Sends one command; RAW takes a single line (CR/LF are refused by the engine too). */
  async function send(command: ConsoleCommandName, argument?: string): Promise<void> {
    const id = consoleId.value;
    if (id === null || status.value !== 'open') return;
    status.value = 'busy';
    session.state.error.value = null;
    const result = await api.invoke('console/command', argument === undefined ? { consoleId: id, command } : { consoleId: id, command, argument });
    if (consoleId.value !== id) return;
    if (result.ok) session.answered(result.value);
    else {
      session.refused(result.error);
      status.value = 'open';
    }
  }

  async function close(): Promise<void> {
    const id = consoleId.value;
    if (id === null) return;
    session.closed();
    const result = await api.invoke('console/close', { consoleId: id });
    if (!result.ok && result.error.code !== 'ENOTFOUND') session.refused(result.error);
  }

  function isAllowed(command: SmtpCommand): boolean {
    return status.value === 'open' && session.state.allowed.value.includes(command);
  }

  return { ...session.state, transcript: lines.shown, open, send, close, isAllowed };
});

/**
 * The built-in test server as the renderer sees it: status (ports, hostname, throwaway credentials),
 * behaviours, the inbox, and the server's event log. `listen()` subscribes to 'sandbox/event' and
 * refreshes the inbox on each event; it returns the unsubscribe function.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SandboxBehavioursView, SandboxMessageText, SandboxMessageView, SandboxStatus } from '../../shared/ipc/sandbox-types.ts';
import type { EventPayloads } from '../../shared/ipc/contract.ts';
import type { IpcError, Result } from '../../shared/ipc/result.ts';
import { api } from '../services/api.ts';

/** Events kept for the log; older ones are dropped. */
export const SANDBOX_LOG_LIMIT = 500;

export type SandboxBusy = 'idle' | 'starting' | 'stopping';

export const useSandboxStore = defineStore('sandbox', () => {
  const status = ref<SandboxStatus>({ running: false });
  const messages = ref<SandboxMessageView[]>([]);
  const log = ref<EventPayloads['sandbox/event'][]>([]);
  const busy = ref<SandboxBusy>('idle');
  const lastError = ref<IpcError | undefined>();
  /** The received message open in the viewer. */
  const viewing = ref<SandboxMessageText | null>(null);

  function remember<T>(result: Result<T>): Result<T> {
    lastError.value = result.ok ? undefined : result.error;
    return result;
  }

  async function refreshStatus(): Promise<Result<SandboxStatus>> {
    const result = remember(await api.invoke('sandbox/status', {}));
    if (result.ok) status.value = result.value;
    return result;
  }

  async function refreshMessages(): Promise<Result<SandboxMessageView[]>> {
    const result = remember(await api.invoke('sandbox/messages', {}));
    if (result.ok) messages.value = result.value;
    return result;
  }

  async function start(): Promise<Result<SandboxStatus>> {
    busy.value = 'starting';
    try {
      const result = remember(await api.invoke('sandbox/start', {}));
      if (result.ok) status.value = result.value;
      return result;
    } finally {
      busy.value = 'idle';
    }
  }

  async function stop(): Promise<Result<SandboxStatus>> {
    busy.value = 'stopping';
    try {
      const result = remember(await api.invoke('sandbox/stop', {}));
      if (result.ok) status.value = result.value;
      return result;
    } finally {
      busy.value = 'idle';
    }
  }

  async function setBehaviours(change: Partial<SandboxBehavioursView>): Promise<Result<SandboxBehavioursView>> {
    const result = remember(await api.invoke('sandbox/set-behaviours', change));
    if (result.ok) status.value = { ...status.value, behaviours: result.value };
    return result;
  }

  /** Opens one received message in the viewer (as the server stored it). */
  async function openMessage(id: string): Promise<Result<SandboxMessageText>> {
    const result = remember(await api.invoke('sandbox/message', { id }));
    viewing.value = result.ok ? result.value : null;
    return result;
  }

  function closeMessage(): void {
    viewing.value = null;
  }

  function listen(): () => void {
    return api.on('sandbox/event', (payload) => {
      log.value = [...log.value.slice(-(SANDBOX_LOG_LIMIT - 1)), payload];
      void refreshMessages();
    });
  }

  return { status, messages, log, busy, lastError, viewing, refreshStatus, refreshMessages, start, stop, setBehaviours, openMessage, closeMessage, listen };
});

/**
 * The manual console: one telnet-like session over the engine's SmtpClient (console/* channels).
 * Which buttons are enabled comes from the engine's session state machine (`allowed`), never from
 * a guess here. Replies arrive both as the command's result and as 'console/transcript' lines
 * (in batches, sent before the command's result).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import { appendLines, frameThrottle } from '../composables/frame-throttle.ts';
import type { ConsoleCommandResult, ConsoleOpened } from '../../shared/ipc/console-types.ts';
import type { InvokeInput } from '../../shared/ipc/contract.ts';
import type { IpcError } from '../../shared/ipc/result.ts';
import type { SmtpReply } from '../../shared/evidence.ts';
import type { SmtpCommand } from '../../shared/session.ts';
import type { TranscriptEvent } from '../../shared/transcript.ts';
import { api } from '../services/api.ts';

export type ConsoleStatus = 'closed' | 'opening' | 'open' | 'busy';

type ConsoleCommandName = InvokeInput<'console/command'>['command'];

export const useConsoleStore = defineStore('console', () => {
  const consoleId = ref<string | null>(null);
  const profileId = ref<string | null>(null);
  const status = ref<ConsoleStatus>('closed');
  const allowed = ref<SmtpCommand[]>([]);
  const lastReply = ref<SmtpReply | null>(null);
  /** Where the open console is connected (the built-in server's live port, the MX host used). */
  const target = ref<ConsoleOpened['target'] | null>(null);
  /** An IPC refusal (EINVALID, ENOTFOUND...) or the engine's error (ECONNREFUSED, ETIMEDOUT...). */
  const error = ref<{ code: string; message: string } | null>(null);
  const transcript = shallowRef<TranscriptEvent[]>([]);
  /** The console whose lines the transcript shows: kept after it closed, so its log can be saved. */
  const logId = ref<string | null>(null);

  const connected = computed(() => status.value === 'open' || status.value === 'busy');

  // Lines are pushed in place at once; telling Vue about them is throttled to once a frame.
  const announceTranscript = frameThrottle(() => triggerRef(transcript));
  api.on('console/transcript', (payload) => {
    if (payload.consoleId !== consoleId.value) return;
    appendLines(transcript.value, payload.events);
    announceTranscript();
  });

  function refuse(e: IpcError): void {
    error.value = { code: e.code, message: e.message };
  }

  /** Connects with the profile's settings (host, port, TLS mode, EHLO name, CA). */
  async function open(forProfile: string): Promise<void> {
    if (consoleId.value !== null) await close();
    const id = crypto.randomUUID();
    consoleId.value = id;
    logId.value = id;
    profileId.value = forProfile;
    status.value = 'opening';
    allowed.value = [];
    lastReply.value = null;
    error.value = null;
    transcript.value = [];
    target.value = null;
    const result = await api.invoke('console/open', { consoleId: id, profileId: forProfile });
    if (consoleId.value !== id) return;
    if (!result.ok) {
      refuse(result.error);
      consoleId.value = null;
      status.value = 'closed';
      return;
    }
    const opened = result.value;
    allowed.value = opened.allowed;
    lastReply.value = opened.greeting ?? null;
    target.value = opened.target ?? null;
    if (opened.error) {
      error.value = opened.error;
      status.value = opened.allowed.length > 0 ? 'open' : 'closed';
      if (status.value === 'closed') consoleId.value = null;
      return;
    }
    status.value = 'open';
  }

  function applyResult(r: ConsoleCommandResult): void {
    allowed.value = r.allowed;
    lastReply.value = r.reply ?? null;
    error.value = r.error ?? null;
    if (r.closed) {
      status.value = 'closed';
      consoleId.value = null;
      allowed.value = [];
    } else {
      status.value = 'open';
    }
  }

  /** Sends one command; RAW takes a single line (CR/LF are refused by the engine too). */
  async function send(command: ConsoleCommandName, argument?: string): Promise<void> {
    const id = consoleId.value;
    if (id === null || status.value !== 'open') return;
    status.value = 'busy';
    error.value = null;
    const result = await api.invoke('console/command', argument === undefined ? { consoleId: id, command } : { consoleId: id, command, argument });
    if (consoleId.value !== id) return;
    if (result.ok) applyResult(result.value);
    else {
      refuse(result.error);
      status.value = 'open';
    }
  }

  async function close(): Promise<void> {
    const id = consoleId.value;
    if (id === null) return;
    consoleId.value = null;
    status.value = 'closed';
    allowed.value = [];
    const result = await api.invoke('console/close', { consoleId: id });
    if (!result.ok && result.error.code !== 'ENOTFOUND') refuse(result.error);
  }

  function isAllowed(command: SmtpCommand): boolean {
    return status.value === 'open' && allowed.value.includes(command);
  }

  return { consoleId, profileId, logId, status, allowed, lastReply, target, error, transcript, connected, open, send, close, isAllowed };
});

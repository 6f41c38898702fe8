/**
 * The console session's state and the one set of rules that moves it on from the service's answers
 * (opened, a command's result, closed, refused). Which commands are allowed comes from the engine's
 * session state machine (`allowed`), never from a guess here.
 */
import { computed, ref } from 'vue';
import type { ConsoleCommandResult, ConsoleOpened } from '../../../shared/ipc/console-types.ts';
import type { IpcError } from '../../../shared/ipc/result.ts';
import type { SmtpReply } from '../../../shared/evidence.ts';
import type { SmtpCommand } from '../../../shared/session.ts';

export type ConsoleStatus = 'closed' | 'opening' | 'open' | 'busy';

export function useConsoleSessionState() {
  const consoleId = ref<string | null>(null);
  const profileId = ref<string | null>(null);
  const status = ref<ConsoleStatus>('closed');
  const allowed = ref<SmtpCommand[]>([]);
  const lastReply = ref<SmtpReply | null>(null);
  /** Where the open console is connected (the built-in server's live port, the MX host used). */
  const target = ref<ConsoleOpened['target'] | null>(null);
  /** An IPC refusal (EINVALID, ENOTFOUND...) or the engine's error (ECONNREFUSED, ETIMEDOUT...). */
  const error = ref<{ code: string; message: string } | null>(null);
  /** The console whose lines the transcript shows: kept after it closed, so its log can be saved. */
  const logId = ref<string | null>(null);
  const connected = computed(() => status.value === 'open' || status.value === 'busy');

  /** A new console of this profile, before main answers. */
  function opening(id: string, forProfile: string): void {
    consoleId.value = id;
    logId.value = id;
    profileId.value = forProfile;
    status.value = 'opening';
    allowed.value = [];
    lastReply.value = null;
    error.value = null;
    target.value = null;
  }

  /** Nothing more can be sent on this console. */
  function closed(): void {
    consoleId.value = null;
    status.value = 'closed';
    allowed.value = [];
  }

  /** Connected, or not: an error with no command allowed leaves nothing open. */
  function opened(answer: ConsoleOpened): void {
    allowed.value = answer.allowed;
    lastReply.value = answer.greeting ?? null;
    target.value = answer.target ?? null;
    error.value = answer.error ?? null;
    if (answer.error && answer.allowed.length === 0) closed();
    else status.value = 'open';
  }

  function answered(r: ConsoleCommandResult): void {
    allowed.value = r.allowed;
    lastReply.value = r.reply ?? null;
    error.value = r.error ?? null;
    if (r.closed) closed();
    else status.value = 'open';
  }

  function refused(e: IpcError): void {
    error.value = { code: e.code, message: e.message };
  }

  const state = { consoleId, profileId, logId, status, allowed, lastReply, target, error, connected };
  return { state, opening, opened, answered, refused, closed };
}

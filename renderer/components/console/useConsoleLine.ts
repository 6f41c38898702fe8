/**
 * The console's command line, like a terminal's: Enter sends the typed line (STARTTLS, AUTH and
 * QUIT through their own commands, see routeTypedLine), ↑/↓ walk the history, and a note under
 * the line says why a line was not sent. The focus moves here once connected and stays here; when
 * the session ends it goes to the Connect button, so it never drops to the page.
 */
import { nextTick, ref, watch, type ComputedRef } from 'vue';
import { useConsoleStore } from '../../stores/console.ts';
import { CommandHistory, routeTypedLine, singleLine } from './console-commands.ts';

/** Typed lines for ↑/↓, per profile, while the window is open (never a credential: routeTypedLine). */
const histories = new Map<string, CommandHistory>();

export function useConsoleLine(o: { profileId: string; inputId: string; connectId: string; connected: ComputedRef<boolean>; onDataNote: () => void }) {
  const session = useConsoleStore();
  const history = histories.get(o.profileId) ?? new CommandHistory();
  histories.set(o.profileId, history);
  const rawLine = ref('');
  const note = ref('');

  const input = (): HTMLInputElement | null => document.getElementById(o.inputId) as HTMLInputElement | null;
  function focusLine(): void {
    void nextTick(() => {
      const el = input();
      el?.focus();
      el?.setSelectionRange(el.value.length, el.value.length);
    });
  }

  watch(o.connected, (now, before) => {
    if (now && !before) focusLine();
    // The line is disabled once closed: a focus left in it would drop to the page.
    if (!now && before && document.activeElement === input()) void nextTick(() => document.getElementById(o.connectId)?.focus());
  });

  /** A paste cannot bring line breaks into the command line. */
  watch(rawLine, (v) => {
    const clean = singleLine(v);
    if (clean !== v) rawLine.value = clean;
  });

  function send(): void {
    const line = singleLine(rawLine.value);
    if (line.trim() === '' || !o.connected.value || session.status !== 'open') return;
    const route = routeTypedLine(line);
    if ('command' in route && route.command === 'RAW' && !session.isAllowed('RAW')) return;
    // As in a shell, Enter always empties the line; the history keeps it (never a credential).
    rawLine.value = '';
    if (route.remembered !== undefined) history.add(route.remembered);
    if ('note' in route) {
      note.value = route.note;
      if (route.data) o.onDataNote();
      return;
    }
    note.value = '';
    void session.send(route.command, route.argument);
  }

  /** ↑/↓: the previous and next typed lines (the caret at the end, as in a shell). */
  function onKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const line = event.key === 'ArrowUp' ? history.up(rawLine.value) : history.down();
    event.preventDefault();
    if (line === undefined) return;
    rawLine.value = line;
    focusLine();
  }

  /** A command that needs an argument, pressed without one: the line is prepared for typing it. */
  function prompt(command: string, what: string): void {
    rawLine.value = `${command} `;
    note.value = `${command} needs an argument: type the ${what} after "${command} " and press Enter (or fill "Argument" first).`;
    focusLine();
  }

  return { rawLine, note, send, onKey, prompt, focusLine };
}

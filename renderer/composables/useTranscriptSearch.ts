/**
 * Search in a transcript: the matching line indices, the current match, next / previous (wrapping).
 * Takes an options object (house style); `lines` is a getter, re-read whenever the transcript grows.
 * Also the search box's keys and the "2 of 5" label.
 */
import { computed, ref, watch } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import type { TranscriptEvent } from '../../shared/transcript.ts';
import { findMatches } from '../components/transcript/transcript-lines.ts';

export interface TranscriptSearchOptions {
  lines: () => readonly TranscriptEvent[];
  /** Called with the line index of the match that became current (to scroll it into view). */
  onCurrent?: (index: number) => void;
}

export interface TranscriptSearch {
  query: Ref<string>;
  matches: ComputedRef<number[]>;
  /** Position in `matches` (-1 when there is none). */
  current: Ref<number>;
  currentLine: ComputedRef<number | null>;
  matchSet: ComputedRef<Set<number>>;
  /** "2 of 5", "No match", or nothing while the query is empty. */
  label: ComputedRef<string>;
  next: () => void;
  prev: () => void;
  /** The search box's keys: Enter goes to the next match, Shift+Enter to the previous one. */
  onKey: (event: KeyboardEvent) => void;
}

export function useTranscriptSearch(options: TranscriptSearchOptions): TranscriptSearch {
  const query = ref('');
  const current = ref(-1);
  const matches = computed(() => findMatches(options.lines(), query.value));
  const matchSet = computed(() => new Set(matches.value));
  const currentLine = computed(() => matches.value[current.value] ?? null);

  function go(position: number): void {
    const count = matches.value.length;
    if (count === 0) {
      current.value = -1;
      return;
    }
    current.value = ((position % count) + count) % count;
    const line = matches.value[current.value];
    if (line !== undefined) options.onCurrent?.(line);
  }

  // A new query jumps to its first match.
  watch(query, () => go(0));

  const label = computed(() => {
    const n = matches.value.length;
    if (query.value.trim() === '') return '';
    return n === 0 ? 'No match' : `${current.value + 1} of ${n}`;
  });

  function onKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    go(current.value + (event.shiftKey ? -1 : 1));
  }

  return { query, matches, current, currentLine, matchSet, label, next: () => go(current.value + 1), prev: () => go(current.value - 1), onKey };
}

/**
 * Pure helpers of the transcript panel: search matches, highlight segments, and the whole reply a
 * clicked server line belongs to. All text is made visible first (reliability A.14), so a search
 * for "U+202E" finds a bidi override; highlights never split an escape token apart (matchRanges).
 */
import type { TranscriptEvent } from '../../../shared/transcript.ts';
import { transcriptLine } from '../../../shared/transcript-line.ts';
import { visibleText } from '../../../shared/visible-text.ts';

export interface TextSegment {
  text: string;
  match: boolean;
}

/** Indices of the lines whose visible text contains the query (case-insensitive). */
export function findMatches(lines: readonly TranscriptEvent[], query: string): number[] {
  if (query.trim() === '') return [];
  const hits: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line && matchRanges(line.text, query).ranges.length > 0) hits.push(i);
  }
  return hits;
}

/**
 * The visible text and the [start, end) ranges in it that match the query, case-insensitively.
 * The text is handled as atoms, one per code point of the original: a character shown as itself, or
 * the whole escape token (`\x1b`, `⟨U+202E⟩`) that stands for it. A match that touches part of an
 * atom is widened to the whole atom, so a token is highlighted whole or not at all. Offsets are kept
 * per atom, so a character whose lower case is longer (U+0130 İ -> i + U+0307) shifts nothing.
 */
export function matchRanges(text: string, query: string): { shown: string; ranges: [number, number][] } {
  const needle = query.trim().toLowerCase();
  let shown = '';
  let lower = '';
  const shownAt: number[] = [];
  const lowerAt: number[] = [];
  const atomOfLower: number[] = [];
  for (const ch of text) {
    const piece = visibleText(ch);
    const folded = piece.toLowerCase();
    for (let k = 0; k < folded.length; k++) atomOfLower.push(shownAt.length);
    shownAt.push(shown.length);
    lowerAt.push(lower.length);
    shown += piece;
    lower += folded;
  }
  shownAt.push(shown.length);
  lowerAt.push(lower.length);
  const ranges: [number, number][] = [];
  if (needle === '') return { shown, ranges };
  for (let at = lower.indexOf(needle); at !== -1; ) {
    const first = atomOfLower[at]!;
    const last = atomOfLower[at + needle.length - 1]!;
    ranges.push([shownAt[first]!, shownAt[last + 1]!]);
    at = lower.indexOf(needle, lowerAt[last + 1]!);
  }
  return { shown, ranges };
}

/** The visible text cut into plain and matching pieces, for <mark> without any raw-HTML binding. */
export function matchSegments(text: string, query: string): TextSegment[] {
  const { shown, ranges } = matchRanges(text, query);
  const segments: TextSegment[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    if (start > from) segments.push({ text: shown.slice(from, start), match: false });
    segments.push({ text: shown.slice(start, end), match: true });
    from = end;
  }
  if (from < shown.length || segments.length === 0) segments.push({ text: shown.slice(from), match: false });
  return segments;
}

const CONTINUATION = /^\d{3}-/;

/**
 * All lines of the server reply that line `index` is part of (RFC 5321 §4.2.1: "250-" lines
 * continue, the "250 " line ends), joined with newlines; null when the line is not a server line.
 */
export function replyTextAt(lines: readonly TranscriptEvent[], index: number): string | null {
  const clicked = lines[index];
  if (!clicked || clicked.dir !== 'S') return null;
  let first = index;
  while (first > 0) {
    const prev = lines[first - 1];
    if (!prev || prev.dir !== 'S' || !CONTINUATION.test(prev.text)) break;
    first--;
  }
  let last = index;
  while (CONTINUATION.test(lines[last]?.text ?? '')) {
    const next = lines[last + 1];
    if (!next || next.dir !== 'S') break;
    last++;
  }
  return lines
    .slice(first, last + 1)
    .map((l) => l.text)
    .join('\n');
}

/** Time since the start of the run, as the transcript shows it. */
export function formatT(t: number): string {
  return `${t.toFixed(1)} ms`;
}

/** The ticket text of the whole transcript (same line format as the text export). */
export function transcriptText(lines: readonly TranscriptEvent[]): string {
  return lines.map(transcriptLine).join('\n') + (lines.length > 0 ? '\n' : '');
}

export const DIR_LABEL: Record<TranscriptEvent['dir'], string> = { C: 'C:', S: 'S:', info: '*', tls: 'TLS', error: '!!' };

export const DIR_TITLE: Record<TranscriptEvent['dir'], string> = {
  C: 'Sent by you',
  S: 'Received from the server (click for an explanation)',
  info: 'Note',
  tls: 'TLS',
  error: 'Error',
};

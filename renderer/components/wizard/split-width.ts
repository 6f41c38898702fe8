/**
 * The width of the wizard's steps column, in percent of the two columns: clamped so neither column
 * disappears, moved in steps by the keyboard, and kept in localStorage for the next visit.
 */
export const SPLIT_MIN = 30;
export const SPLIT_MAX = 75;
export const SPLIT_DEFAULT = 60;
/** One arrow key press moves the handle this many percent (Page Up/Down: three times as far). */
export const SPLIT_STEP = 5;
const KEY = 'smtp-probe.wizard-split';

export function clampSplit(percent: number): number {
  if (!Number.isFinite(percent)) return SPLIT_DEFAULT;
  return Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, Math.round(percent * 10) / 10));
}

/** The new width for a key on the separator, or undefined when the key does not move it. */
export function splitAfterKey(percent: number, key: string): number | undefined {
  const moves: Record<string, number> = {
    ArrowLeft: percent - SPLIT_STEP,
    ArrowRight: percent + SPLIT_STEP,
    PageUp: percent - 3 * SPLIT_STEP,
    PageDown: percent + 3 * SPLIT_STEP,
    Home: SPLIT_MIN,
    End: SPLIT_MAX,
  };
  return key in moves ? clampSplit(moves[key]!) : undefined;
}

export function loadSplit(storage: Pick<Storage, 'getItem'> | undefined): number {
  const saved = storage?.getItem(KEY);
  return saved === null || saved === undefined ? SPLIT_DEFAULT : clampSplit(Number(saved));
}

export function saveSplit(storage: Pick<Storage, 'setItem'> | undefined, percent: number): void {
  storage?.setItem(KEY, String(clampSplit(percent)));
}

/**
 * The window comes back where the user left it: size, position and maximized state are kept in
 * userData/window-state.json (atomic write). What is read back is checked: a file edited by hand,
 * damaged, or from a monitor that is gone never puts the window off-screen or at an absurd size.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../engine/store/atomic-file.ts';

export interface WindowState {
  width: number;
  height: number;
  /** Absent when the saved position is on no current display (the OS then centres the window). */
  x?: number;
  y?: number;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MIN = { width: 900, height: 600 };
const MAX = 20_000;
/** How much of the window must lie on a display for its saved position to be used. */
const VISIBLE = 100;

const intIn = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

function overlaps(x: number, y: number, width: number, height: number, area: Area): boolean {
  const w = Math.min(x + width, area.x + area.width) - Math.max(x, area.x);
  const h = Math.min(y + height, area.y + area.height) - Math.max(y, area.y);
  return w >= VISIBLE && h >= VISIBLE;
}

/** The saved state when it is sane for the current displays, else undefined. */
export function parseWindowState(text: string, displays: readonly Area[]): WindowState | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (!intIn(o.width, MIN.width, MAX) || !intIn(o.height, MIN.height, MAX)) return undefined;
  const state: WindowState = { width: o.width, height: o.height, maximized: o.maximized === true };
  if (intIn(o.x, -MAX, MAX) && intIn(o.y, -MAX, MAX) && displays.some((d) => overlaps(o.x as number, o.y as number, state.width, state.height, d))) {
    state.x = o.x;
    state.y = o.y;
  }
  return state;
}

export function readWindowState(file: string, displays: readonly Area[]): WindowState | undefined {
  try {
    return parseWindowState(readFileSync(file, 'utf8').slice(0, 4096), displays);
  } catch {
    // No file yet (first launch) or unreadable: the default size, centred.
    return undefined;
  }
}

export function saveWindowState(file: string, state: WindowState): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}

import { describe, expect, it } from 'vitest';
import { SPLIT_DEFAULT, SPLIT_MAX, SPLIT_MIN, SPLIT_STEP, clampSplit, loadSplit, saveSplit, splitAfterKey } from '../../../../renderer/components/wizard/split-width.ts';

describe('wizard split width', () => {
  it('keeps both columns: clamped to its bounds, the default for nonsense', () => {
    expect(clampSplit(5)).toBe(SPLIT_MIN);
    expect(clampSplit(99)).toBe(SPLIT_MAX);
    expect(clampSplit(Number.NaN)).toBe(SPLIT_DEFAULT);
    expect(clampSplit(50.04)).toBe(50);
  });

  it('each arrow press moves one step; Page keys three; Home and End go to the bounds; other keys do nothing', () => {
    expect(splitAfterKey(60, 'ArrowLeft')).toBe(60 - SPLIT_STEP);
    expect(splitAfterKey(60, 'ArrowRight')).toBe(60 + SPLIT_STEP);
    expect(splitAfterKey(60, 'PageUp')).toBe(60 - 3 * SPLIT_STEP);
    expect(splitAfterKey(SPLIT_MIN, 'ArrowLeft')).toBe(SPLIT_MIN);
    expect(splitAfterKey(60, 'Home')).toBe(SPLIT_MIN);
    expect(splitAfterKey(60, 'End')).toBe(SPLIT_MAX);
    expect(splitAfterKey(60, 'Enter')).toBeUndefined();
  });

  it('is kept across visits, and a damaged saved value falls back to the default', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    expect(loadSplit(storage)).toBe(SPLIT_DEFAULT);
    saveSplit(storage, 42);
    expect(loadSplit(storage)).toBe(42);
    map.set([...map.keys()][0]!, 'garbage');
    expect(loadSplit(storage)).toBe(SPLIT_DEFAULT);
    expect(loadSplit(undefined)).toBe(SPLIT_DEFAULT);
  });
});

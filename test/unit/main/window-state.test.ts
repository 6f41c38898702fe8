import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWindowState, readWindowState, saveWindowState } from '../../../electron/main/window-state.ts';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('restores size, position and maximized state that fit the current displays', () => {
    expect(parseWindowState('{"x":100,"y":50,"width":1300,"height":850,"maximized":true}', screen)).toEqual({ x: 100, y: 50, width: 1300, height: 850, maximized: true });
  });

  it('drops a position on a monitor that is gone, keeping the size', () => {
    expect(parseWindowState('{"x":4000,"y":50,"width":1300,"height":850,"maximized":false}', screen)).toEqual({ width: 1300, height: 850, maximized: false });
  });

  it.each([
    ['damaged JSON', '{"x":1'],
    ['NUL bytes', '\0\0\0\0'],
    ['an absurd size', '{"width":99999999,"height":850}'],
    ['a size below the minimum', '{"width":10,"height":10}'],
    ['text instead of numbers', '{"width":"1300","height":"850"}'],
    ['not an object', '[1300,850]'],
  ])('ignores %s (default size, centred)', (_name, text) => {
    expect(parseWindowState(text, screen)).toBeUndefined();
  });

  it('saves atomically and reads back; a missing file is the first launch', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-window-'));
    try {
      const file = path.join(dir, 'window-state.json');
      expect(readWindowState(file, screen)).toBeUndefined();
      await saveWindowState(file, { x: 10, y: 20, width: 1300, height: 850, maximized: false });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 10, y: 20, width: 1300, height: 850, maximized: false });
      expect(readWindowState(file, screen)).toEqual({ x: 10, y: 20, width: 1300, height: 850, maximized: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

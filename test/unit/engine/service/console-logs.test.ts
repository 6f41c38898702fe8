/** The console's session logs stay bounded: lines per console and consoles remembered. */
import { describe, expect, it } from 'vitest';
import { ConsoleLogs, MAX_LOG_LINES } from '../../../../electron/engine/service/console-logs.ts';

describe('ConsoleLogs bounds', () => {
  it(`keeps the first ${MAX_LOG_LINES} lines of a console and counts the rest`, () => {
    const logs = new ConsoleLogs();
    logs.start('c1', { id: 'p', name: 'P' }, new Date(0));
    const line = (seq: number) => ({ seq, t: seq, dir: 'S' as const, text: `250 line ${seq}` });
    logs.record('c1', Array.from({ length: MAX_LOG_LINES - 1 }, (_, i) => line(i)));
    logs.record('c1', [line(MAX_LOG_LINES - 1), line(MAX_LOG_LINES), line(MAX_LOG_LINES + 1)]);
    const text = logs.text('c1', new Date(0), (t) => t) ?? '';
    expect(text).toContain(`250 line ${MAX_LOG_LINES - 1}`);
    expect(text).not.toContain(`250 line ${MAX_LOG_LINES}\n`);
    expect(text).toContain(`… 2 more lines were not kept (the log keeps the first ${MAX_LOG_LINES}) …`);
  });

  it('remembers the last 8 consoles only', () => {
    const logs = new ConsoleLogs();
    for (let i = 0; i < 9; i++) logs.start(`c${i}`, { id: 'p', name: 'P' }, new Date(0));
    expect(logs.profileOf('c0')).toBeUndefined();
    expect(logs.profileOf('c1')).toBe('p');
    expect(logs.profileOf('c8')).toBe('p');
  });
});

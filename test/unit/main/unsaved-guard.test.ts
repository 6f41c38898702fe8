import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardUnsavedChanges } from '../../../electron/main/unsaved-guard.ts';

function unload(contents: EventEmitter): boolean {
  const event = { preventDefault: vi.fn() };
  contents.emit('will-prevent-unload', event);
  // preventDefault on will-prevent-unload = ignore the page's veto and close.
  return event.preventDefault.mock.calls.length > 0;
}

describe('guardUnsavedChanges', () => {
  it('closes when the user chooses to leave, stays when not', () => {
    const contents = new EventEmitter();
    const answers = [true, false];
    const ask = vi.fn(() => answers.shift() ?? false);
    guardUnsavedChanges(contents, ask);
    expect(unload(contents)).toBe(true);
    expect(unload(contents)).toBe(false);
    expect(ask).toHaveBeenCalledTimes(2);
  });
});

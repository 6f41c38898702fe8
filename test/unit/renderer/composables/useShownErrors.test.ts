import { describe, expect, it } from 'vitest';
import { useShownErrors } from '../../../../renderer/composables/useShownErrors.ts';

describe('useShownErrors', () => {
  const errors = { port: 'Port must be 1-65535', 'timeouts.connect': 'Too long', to: 'Give a recipient' };

  it('shows a message once its field (or its field group) was left, and all after a save attempt', () => {
    const shown = useShownErrors();
    expect(shown.shownOf(errors)).toEqual({});
    shown.blurred('port');
    shown.blurred('timeouts');
    expect(shown.shownOf(errors)).toEqual({ port: 'Port must be 1-65535', 'timeouts.connect': 'Too long' });
    expect(shown.shows('to')).toBe(false);
    shown.submitted.value = true;
    expect(shown.shownOf(errors)).toEqual(errors);
  });

  it('clear starts over: nothing left, no save attempted', () => {
    const shown = useShownErrors();
    shown.blurred('port');
    shown.submitted.value = true;
    shown.clear();
    expect(shown.submitted.value).toBe(false);
    expect(shown.shownOf(errors)).toEqual({});
  });
});

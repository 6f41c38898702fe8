import { describe, expect, it } from 'vitest';
import { browserOpener } from '../../../electron/serve/open-browser.ts';

const url = 'http://127.0.0.1:5000/?token=abc';

describe('browserOpener', () => {
  it.each([
    ['win32', {}, 'rundll32'],
    ['darwin', {}, 'open'],
    ['linux', { DISPLAY: ':0' }, 'xdg-open'],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, 'xdg-open'],
    ['win32', { CI: 'false' }, 'rundll32'],
  ] as const)('on %s with %o uses %s', (platform, env, command) => {
    expect(browserOpener(url, { platform, env })).toMatchObject({ command, args: expect.arrayContaining([url]) });
  });

  it.each([
    ['linux', {}],
    ['linux', { DISPLAY: ':0', CI: 'true' }],
    ['win32', { CI: '1' }],
    // AppVeyor sets CI=True; Azure Pipelines sets TF_BUILD=True and no CI.
    ['win32', { CI: 'True' }],
    ['darwin', { CI: 'YES' }],
    ['win32', { TF_BUILD: 'True' }],
    ['darwin', { SMTP_PROBE_NO_BROWSER: '1' }],
  ] as const)('opens nothing on %s with %o', (platform, env) => {
    expect(browserOpener(url, { platform, env })).toBeUndefined();
  });
});

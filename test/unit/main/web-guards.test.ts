import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, guardWebContents } from '../../../electron/main/web-guards.ts';

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault: () => void }) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on: vi.fn((name: string, listener: (event: { preventDefault: () => void }) => void) => listeners.set(name, listener)),
    setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => { action: string }) => (openHandler = handler)),
    fire(name: string) {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)?.(event);
      return event;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('guardWebContents (reliability A.5)', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-attach-webview'])('prevents %s', (name) => {
    const contents = fakeContents();
    guardWebContents(contents as never);
    expect(contents.fire(name).preventDefault).toHaveBeenCalled();
  });

  it('denies window.open for any URL', () => {
    const contents = fakeContents();
    guardWebContents(contents as never);
    for (const url of ['https://example.com', 'app://bundle/index.html', 'file:///etc/passwd']) expect(contents.open(url)).toEqual({ action: 'deny' });
  });
});

describe('denyAllPermissions (reliability A.4)', () => {
  it('answers false to every permission request, check and device request', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    denyAllPermissions(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (granted: boolean) => void) => void;
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'unknown']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(check(null, 'media', 'app://bundle', {})).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(device({ deviceType: 'usb' })).toBe(false);
  });
});

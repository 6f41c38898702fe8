import { describe, expect, it, vi } from 'vitest';
import { ALLOWED_PERMISSION, guardWebContents, lockPermissions } from '../../../electron/main/web-guards.ts';

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

describe('lockPermissions (reliability A.4)', () => {
  const ours = { isMainFrame: true, requestingUrl: 'app://bundle/index.html' };
  function install() {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    lockPermissions(session as never, new Set(['app://bundle']));
    return {
      request: session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (granted: boolean) => void, d: unknown) => void,
      check: session.setPermissionCheckHandler.mock.calls[0]![0] as (c: unknown, p: string, origin: string, d: unknown) => boolean,
      device: session.setDevicePermissionHandler.mock.calls[0]![0] as (d: unknown) => boolean,
    };
  }
  const granted = (request: ReturnType<typeof install>['request'], permission: string, details: unknown) => {
    const callback = vi.fn();
    request({}, permission, callback, details);
    expect(callback).toHaveBeenCalledTimes(1);
    return callback.mock.calls[0]![0] as boolean;
  };

  it.each(['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'midiSysex', 'unknown'])('denies %s, even to our own page', (permission) => {
    const { request, check } = install();
    expect(granted(request, permission, ours)).toBe(false);
    expect(check(null, permission, 'app://bundle', { isMainFrame: true })).toBe(false);
  });

  it('grants clipboard writes (Copy) to our top frame only', () => {
    const { request, check } = install();
    expect(granted(request, ALLOWED_PERMISSION, ours)).toBe(true);
    expect(check(null, ALLOWED_PERMISSION, 'app://bundle', { isMainFrame: true })).toBe(true);
    expect(granted(request, ALLOWED_PERMISSION, { isMainFrame: false, requestingUrl: 'app://bundle/index.html' })).toBe(false);
    expect(granted(request, ALLOWED_PERMISSION, { isMainFrame: true, requestingUrl: 'https://evil.test/' })).toBe(false);
    expect(check(null, ALLOWED_PERMISSION, 'https://evil.test', { isMainFrame: true })).toBe(false);
    expect(check(null, ALLOWED_PERMISSION, 'app://bundle', { isMainFrame: false })).toBe(false);
  });

  it('denies every device (USB, HID, serial)', () => {
    expect(install().device({ deviceType: 'usb' })).toBe(false);
  });
});

/**
 * What a page may not do (reliability A.4, A.5): navigate away, open windows, attach <webview>,
 * be granted any permission. Applied to every webContents the app creates, so a frame or window we
 * did not foresee gets the same rules.
 */
import type { Session, WebContents } from 'electron';

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Navigation, frame navigation and <webview> attachment are prevented; window.open is denied. */
export function guardWebContents(contents: GuardedContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Electron grants permissions by default; this app needs none (no camera, notifications, ...). */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

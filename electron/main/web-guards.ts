/**
 * What a page may not do (reliability A.4, A.5): navigate away, open windows, attach <webview>,
 * be granted permissions. Applied to every webContents the app creates, so a frame or window we
 * did not foresee gets the same rules.
 */
import type { Session, WebContents } from 'electron';
import { originOf } from './trusted-origin.ts';

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Navigation, frame navigation and <webview> attachment are prevented; window.open is denied. */
export function guardWebContents(contents: GuardedContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * The one permission the app uses: writing text to the clipboard ("Copy" of a transcript or an
 * export, navigator.clipboard.writeText), and only for our own page's top frame. Reading the
 * clipboard, media, notifications, devices, everything else: denied.
 */
export const ALLOWED_PERMISSION = 'clipboard-sanitized-write';

type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

/** Electron grants permissions by default; here every request and check is denied but the one above. */
export function lockPermissions(session: PermissionSession, trustedOrigins: ReadonlySet<string>): void {
  const trusted = (url: string | undefined): boolean => {
    const origin = url ? originOf(url) : null;
    return origin !== null && trustedOrigins.has(origin);
  };
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === ALLOWED_PERMISSION && details.isMainFrame && trusted(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return permission === ALLOWED_PERMISSION && details.isMainFrame && trusted(requestingOrigin);
  });
  session.setDevicePermissionHandler(() => false);
}

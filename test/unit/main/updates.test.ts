/**
 * Updates (electron/main/updates.ts): only the installed build checks, never the portable exe, and
 * nothing is downloaded before the user said yes. A fake updater stands in for electron-updater.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron } from './fake-electron.ts';
import type { FakeElectron } from './fake-electron.ts';
import { fakeHandlers } from './fake-handlers.ts';
import { offerUpdate, updateMessageBox, updatesSupported } from '../../../electron/main/updates.ts';
import type { UpdateQuestion, Updater } from '../../../electron/main/updates.ts';

const fake = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron }));
vi.mock('electron', () => {
  fake.current = createFakeElectron();
  return { ...fake.current.electron, default: fake.current.electron };
});
const { startApp } = await import('../../../electron/main/app.ts');

/** An updater that finds `available` (or nothing) and records what was asked of it, in order. */
function fakeUpdater(available: string | null, { fail = false } = {}) {
  const calls: string[] = [];
  const updater: Updater = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    checkForUpdates: vi.fn(async () => {
      calls.push(`check (autoDownload ${String(updater.autoDownload)})`);
      if (fail) throw new Error('getaddrinfo ENOTFOUND api.github.com');
      return available ? { isUpdateAvailable: true, updateInfo: { version: available } } : { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } };
    }),
    downloadUpdate: vi.fn(async () => {
      calls.push('download');
      return [];
    }),
    quitAndInstall: vi.fn(() => calls.push('quitAndInstall')),
  };
  return { updater, calls };
}

/** Answers each question from `answers` in turn and records it. */
function answering(...answers: boolean[]) {
  const asked: UpdateQuestion[] = [];
  const ask = vi.fn(async (question: UpdateQuestion) => {
    asked.push(question);
    return answers.shift() ?? false;
  });
  return { ask, asked };
}

describe('which builds update themselves', () => {
  it('the installed Windows build (NSIS) does; the portable exe never', () => {
    expect(updatesSupported('win32', {}, true)).toBe(true);
    expect(updatesSupported('win32', { PORTABLE_EXECUTABLE_DIR: 'C:\\Users\\Zoë Ünal\\Downloads' }, true)).toBe(false);
  });

  it('an AppImage does; a deb (its package manager updates it), macOS, a development start, or SMTP_PROBE_UPDATES=off do not', () => {
    expect(updatesSupported('linux', { APPIMAGE: '/home/a/SMTP Probe.AppImage' }, true)).toBe(true);
    expect(updatesSupported('linux', {}, true)).toBe(false);
    expect(updatesSupported('darwin', {}, true)).toBe(false);
    expect(updatesSupported('win32', {}, false)).toBe(false);
    expect(updatesSupported('win32', { SMTP_PROBE_UPDATES: 'off' }, true)).toBe(false);
  });
});

describe('one update round', () => {
  it('turns electron-updater\'s automatic download off before it checks', async () => {
    const { updater, calls } = fakeUpdater('0.2.0');
    await offerUpdate(updater, '0.1.0', answering(false).ask);
    expect(calls[0]).toBe('check (autoDownload false)');
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('a "Not now" downloads nothing', async () => {
    const { updater, calls } = fakeUpdater('0.2.0');
    const { ask, asked } = answering(false);
    expect(await offerUpdate(updater, '0.1.0', ask)).toBe('declined');
    expect(asked).toEqual([{ kind: 'download', version: '0.2.0', currentVersion: '0.1.0' }]);
    expect(calls).toEqual(['check (autoDownload false)']);
    expect(updater.downloadUpdate).not.toHaveBeenCalled();
  });

  it('"Download" then "Restart now": downloaded after the yes, installed at once', async () => {
    const { updater, calls } = fakeUpdater('0.2.0');
    const { ask, asked } = answering(true, true);
    expect(await offerUpdate(updater, '0.1.0', ask)).toBe('restarting');
    expect(asked.map((q) => q.kind)).toEqual(['download', 'restart']);
    expect(calls).toEqual(['check (autoDownload false)', 'download', 'quitAndInstall']);
  });

  it('"Download" then "Later": installed when the app quits', async () => {
    const { updater, calls } = fakeUpdater('0.2.0');
    expect(await offerUpdate(updater, '0.1.0', answering(true, false).ask)).toBe('installed-on-quit');
    expect(calls).toEqual(['check (autoDownload false)', 'download']);
  });

  it('no update, or the same version: no question', async () => {
    const { ask } = answering(true);
    expect(await offerUpdate(fakeUpdater(null).updater, '0.1.0', ask)).toBe('up-to-date');
    expect(await offerUpdate(fakeUpdater('0.1.0').updater, '0.1.0', ask)).toBe('up-to-date');
    expect(ask).not.toHaveBeenCalled();
  });

  it('offline: the round ends quietly (a warning in the log, no question, no dialog)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { ask } = answering(true);
    expect(await offerUpdate(fakeUpdater('0.2.0', { fail: true }).updater, '0.1.0', ask)).toBe('failed');
    expect(ask).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ENOTFOUND'));
    warn.mockRestore();
  });

  it('the questions: Download / Not now, then Restart now / Later, the first button the default', () => {
    const download = updateMessageBox({ kind: 'download', version: '0.2.0', currentVersion: '0.1.0' }, 'SMTP Probe');
    expect(download).toMatchObject({ buttons: ['Download', 'Not now'], defaultId: 0, cancelId: 1 });
    expect(download.message).toBe('SMTP Probe 0.2.0 is available (you have 0.1.0). Download it now?');
    expect(updateMessageBox({ kind: 'restart', version: '0.2.0', currentVersion: '0.1.0' }, 'SMTP Probe').buttons).toEqual(['Restart now', 'Later']);
  });
});

describe('the app asks in a dialog on its window', () => {
  beforeEach(() => fake.current.reset());

  async function start(env: NodeJS.ProcessEnv, loadUpdater?: () => Promise<Updater>) {
    const started = startApp({ outDir: '/app/out', env, createService: () => ({ handlers: fakeHandlers(), dispose: async () => undefined }), ...(loadUpdater ? { loadUpdater } : {}) });
    await started?.ready;
  }
  // An AppImage on Linux, the installed build on Windows (APPIMAGE is ignored there); macOS builds do not update.
  const updating = it.runIf(process.platform !== 'darwin');

  updating('an installed AppImage checks after the window opens; "Not now" in the dialog downloads nothing', async () => {
    const { updater } = fakeUpdater('0.2.0');
    await start({ APPIMAGE: '/opt/smtp-probe.AppImage' }, async () => updater);
    const { showMessageBox } = fake.current.electron.dialog;
    await vi.waitFor(() => expect(showMessageBox).toHaveBeenCalledTimes(1));
    expect(showMessageBox).toHaveBeenCalledWith(fake.current.state.windows[0], expect.objectContaining({ buttons: ['Download', 'Not now'] }));
    expect(updater.downloadUpdate).not.toHaveBeenCalled();
  });

  updating('"Download" in the dialog downloads, then asks to restart', async () => {
    const { updater } = fakeUpdater('0.2.0');
    fake.current.electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    await start({ APPIMAGE: '/opt/smtp-probe.AppImage' }, async () => updater);
    await vi.waitFor(() => expect(fake.current.electron.dialog.showMessageBox).toHaveBeenCalledTimes(2));
    expect(updater.downloadUpdate).toHaveBeenCalledTimes(1);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('where the build does not update itself, electron-updater is not even loaded', async () => {
    const load = vi.fn(async () => fakeUpdater('0.2.0').updater);
    await start({ PORTABLE_EXECUTABLE_DIR: 'C:\\Users\\Zoë Ünal\\Downloads' }, load);
    fake.current.electron.app.isPackaged = false;
    await start({ APPIMAGE: '/opt/smtp-probe.AppImage' }, load);
    expect(load).not.toHaveBeenCalled();
    expect(fake.current.electron.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  updating('electron-updater missing or broken: logged, the app runs on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await start({ APPIMAGE: '/opt/smtp-probe.AppImage' }, async () => {
      throw new Error("Cannot find package 'electron-updater'");
    });
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('Updates are not available')));
    expect(fake.current.state.windows).toHaveLength(1);
    warn.mockRestore();
  });
});

/**
 * App-wide UI state: the colour scheme, the active tab, notices, app info, and requests that one
 * part of the window makes of another (Ctrl+Enter "run the next step" for the wizard, Ctrl+S "save"
 * for the profile form, Ctrl+F "focus search" for the sidebar). A request is a counter: subscribers
 * `watch` it, so a request made twice is seen twice.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppInfo, MenuAction, StorageNotice } from '../../shared/ipc/contract.ts';
import { api } from '../services/api.ts';
import { hostKind } from '../services/host-kind.ts';
import { applyColorScheme, isDark } from '../theme.ts';
import type { ThemeChoice } from '../theme.ts';

export const MAIN_TABS = ['wizard', 'console', 'settings', 'runs'] as const;
export type MainTab = (typeof MAIN_TABS)[number];

const THEME_KEY = 'smtp-probe.theme';

/** Where a typed password is kept: the desktop's OS encryption, browser mode's memory, or nowhere. */
export type PasswordStorage = 'os-encrypted' | 'memory' | 'unavailable';

export interface ShownNotice extends StorageNotice {
  id: number;
}

function storedTheme(): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system'; // storage blocked: follow the OS
  }
}

/** The colour scheme: the user's choice (kept in localStorage), the OS scheme, and the host told of each pick. */
function themeState() {
  const theme = ref<ThemeChoice>(storedTheme());
  const systemDark = ref(false);
  const dark = computed(() => isDark(theme.value, systemDark.value));

  /** Tells the host, so the desktop menu's View > Theme (and nativeTheme) match the page. */
  function reportTheme(): void {
    void api.invoke('app/set-theme', { theme: theme.value });
  }

  /** A pick from the toolbar or the menu; the host hears every one (a menu pick echoes harmlessly). */
  function setTheme(choice: ThemeChoice): void {
    theme.value = choice;
    try {
      globalThis.localStorage?.setItem(THEME_KEY, choice);
    } catch {
      // Storage blocked (private mode): the choice lasts for this window only, which is fine.
    }
    applyColorScheme(dark.value);
    reportTheme();
  }

  /** Follows the OS scheme; returns the function that stops following it. */
  function followSystemScheme(media: MediaQueryList | undefined = globalThis.matchMedia?.('(prefers-color-scheme: dark)')): () => void {
    systemDark.value = media?.matches ?? false;
    applyColorScheme(dark.value);
    if (media === undefined) return () => {};
    const onChange = (e: MediaQueryListEvent): void => {
      systemDark.value = e.matches;
      applyColorScheme(dark.value);
    };
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }

  return { theme, systemDark, dark, setTheme, reportTheme, followSystemScheme };
}

/** The notices shown (storage problems, the welcome), each once; the welcome is closed for good. */
function noticesState() {
  const notices = ref<ShownNotice[]>([]);
  let nextNoticeId = 1;

  function addNotice(notice: StorageNotice): void {
    // The same notice twice (app/info and the event) is shown once.
    if (notices.value.some((n) => n.kind === notice.kind && n.message === notice.message)) return;
    notices.value = [...notices.value, { ...notice, id: nextNoticeId++ }];
  }
  /** Closes a notice; closing the welcome tells main, which keeps it closed in settings.json. */
  function dismissNotice(id: number): void {
    const notice = notices.value.find((n) => n.id === id);
    notices.value = notices.value.filter((n) => n.id !== id);
    if (notice?.kind === 'first-launch') void api.invoke('app/dismiss-welcome', {});
  }

  return { notices, addNotice, dismissNotice };
}

export const useUiStore = defineStore('ui', () => {
  const { theme, systemDark, dark, setTheme, reportTheme, followSystemScheme } = themeState();

  const activeTab = ref<MainTab>('wizard');
  const sandboxOpen = ref(false);
  const aboutOpen = ref(false);

  const { notices, addNotice, dismissNotice } = noticesState();
  const appInfo = ref<AppInfo | undefined>();

  /** Ctrl+Enter: the wizard watches this counter and runs its next step. */
  const runNextRequests = ref(0);
  /** Ctrl+S / menu: the profile form watches this counter and saves. */
  const saveRequests = ref(0);
  /** Ctrl+F: the sidebar focuses its search box. */
  const focusSearchRequests = ref(0);
  /** File > Export transcript: the wizard opens the export dialog for its current run. */
  const exportTranscriptRequests = ref(0);
  /** The last native-menu action, for views that react to menu items. */
  const lastMenuAction = ref<MenuAction | undefined>();

  function requestRunNext(): void {
    runNextRequests.value += 1;
  }
  function requestSave(): void {
    saveRequests.value += 1;
  }
  function requestFocusSearch(): void {
    focusSearchRequests.value += 1;
  }
  function requestExportTranscript(): void {
    exportTranscriptRequests.value += 1;
  }


  /** Loads app/info (version, host, whether passwords can be stored) and its notices. */
  async function loadAppInfo(): Promise<void> {
    const result = await api.invoke('app/info', {});
    if (!result.ok) {
      addNotice({ kind: 'read-only', message: `Could not read the app's state: ${result.error.message}` });
      return;
    }
    appInfo.value = result.value;
    for (const n of result.value.notices) addNotice(n);
  }

  const canStorePasswords = computed(() => appInfo.value?.canStorePasswords ?? true);
  /** Before app/info answers, the host is known from the page itself (the preload's window.api or not). */
  const passwordStorage = computed<PasswordStorage>(() => {
    if ((appInfo.value?.host ?? hostKind) === 'browser') return 'memory';
    return (appInfo.value?.canStorePasswords ?? true) ? 'os-encrypted' : 'unavailable';
  });

  return {
    theme,
    systemDark,
    dark,
    activeTab,
    sandboxOpen,
    aboutOpen,
    appInfo,
    notices,
    runNextRequests,
    saveRequests,
    focusSearchRequests,
    exportTranscriptRequests,
    lastMenuAction,
    canStorePasswords,
    passwordStorage,
    requestRunNext,
    requestSave,
    requestFocusSearch,
    requestExportTranscript,
    setTheme,
    reportTheme,
    followSystemScheme,
    addNotice,
    dismissNotice,
    loadAppInfo,
  };
});

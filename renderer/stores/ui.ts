/**
 * App-wide UI state: the colour scheme (ui/theme-state.ts), the active tab, notices
 * (ui/notices-state.ts), app info, and requests that one part of the window makes of another
 * (Ctrl+Enter "run the next step" for the wizard, Ctrl+S "save" for the profile form, Ctrl+F "focus
 * search" for the sidebar). A request is a counter: subscribers `watch` it, so a request made twice
 * is seen twice.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Ref } from 'vue';
import type { AppInfo, MenuAction } from '../../shared/ipc/contract.ts';
import { api } from '../services/api.ts';
import { hostKind } from '../services/host-kind.ts';
import { useNoticesState } from './ui/notices-state.ts';
import { useThemeState } from './ui/theme-state.ts';

export type { ShownNotice } from './ui/notices-state.ts';

export const MAIN_TABS = ['wizard', 'console', 'settings', 'runs'] as const;
export type MainTab = (typeof MAIN_TABS)[number];

/** Where a typed password is kept: the desktop's OS encryption, browser mode's memory, or nowhere. */
export type PasswordStorage = 'os-encrypted' | 'memory' | 'unavailable';

/** A request made once more. */
const bump = (counter: Ref<number>) => (): void => {
  counter.value += 1;
};

/** Requests one part of the window makes of another, each a counter its subscriber watches. */
function useRequests() {
  /** Ctrl+Enter: the wizard watches this counter and runs its next step. */
  const runNextRequests = ref(0);
  /** Ctrl+S / menu: the profile form watches this counter and saves. */
  const saveRequests = ref(0);
  /** Ctrl+F: the sidebar focuses its search box. */
  const focusSearchRequests = ref(0);
  /** File > Export transcript: the wizard opens the export dialog for its current run. */
  const exportTranscriptRequests = ref(0);
  return {
    runNextRequests,
    saveRequests,
    focusSearchRequests,
    exportTranscriptRequests,
    requestRunNext: bump(runNextRequests),
    requestSave: bump(saveRequests),
    requestFocusSearch: bump(focusSearchRequests),
    requestExportTranscript: bump(exportTranscriptRequests),
  };
}

export const useUiStore = defineStore('ui', () => {
  const activeTab = ref<MainTab>('wizard');
  const sandboxOpen = ref(false);
  const aboutOpen = ref(false);
  const { notices, addNotice, dismissNotice } = useNoticesState();
  const appInfo = ref<AppInfo | undefined>();
  /** The last native-menu action, for views that react to menu items. */
  const lastMenuAction = ref<MenuAction | undefined>();

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
    ...useThemeState(),
    ...useRequests(),
    activeTab,
    sandboxOpen,
    aboutOpen,
    appInfo,
    notices,
    lastMenuAction,
    canStorePasswords,
    passwordStorage,
    addNotice,
    dismissNotice,
    loadAppInfo,
  };
});

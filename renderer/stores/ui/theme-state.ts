/** The colour scheme: the user's choice (kept in localStorage), the OS scheme, and the host told of each pick. */
import { computed, ref } from 'vue';
import { api } from '../../services/api.ts';
import { applyColorScheme, isDark } from '../../theme.ts';
import type { ThemeChoice } from '../../theme.ts';

const THEME_KEY = 'smtp-probe.theme';

function storedTheme(): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system'; // storage blocked: follow the OS
  }
}

export function useThemeState() {
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

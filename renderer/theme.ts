/**
 * PrimeVue theme: the Aura preset with a blue primary, light or dark by the `.app-dark` class on
 * <html>. The class follows `prefers-color-scheme` unless the user picked light or dark by hand
 * (ui store); `applyColorScheme` is the one place that sets it.
 */
import Aura from '@primeuix/themes/aura';
import { definePreset } from '@primeuix/themes';

export const DARK_CLASS = 'app-dark';

export const ProbePreset = definePreset(Aura, {
  semantic: {
    primary: {
      50: '{blue.50}',
      100: '{blue.100}',
      200: '{blue.200}',
      300: '{blue.300}',
      400: '{blue.400}',
      500: '{blue.500}',
      600: '{blue.600}',
      700: '{blue.700}',
      800: '{blue.800}',
      900: '{blue.900}',
      950: '{blue.950}',
    },
    // Visible focus everywhere (issue 3: keyboard users); PrimeVue draws it from this token.
    focusRing: { width: '2px', style: 'solid', color: '{primary.color}', offset: '2px' },
  },
});

export const primeVueThemeOptions = {
  preset: ProbePreset,
  options: { darkModeSelector: `.${DARK_CLASS}`, cssLayer: false },
} as const;

export type ThemeChoice = 'system' | 'light' | 'dark';

/** Whether the dark scheme applies for a choice and the OS preference. */
export function isDark(choice: ThemeChoice, systemPrefersDark: boolean): boolean {
  return choice === 'dark' || (choice === 'system' && systemPrefersDark);
}

export function applyColorScheme(dark: boolean, root: HTMLElement = document.documentElement): void {
  root.classList.toggle(DARK_CLASS, dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
}

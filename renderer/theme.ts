/**
 * Light or dark by the `.app-dark` class on <html>: the class follows `prefers-color-scheme` unless
 * the user picked light or dark by hand (ui store); `applyColorScheme` is the one place that sets
 * it. The theme's colours are renderer/theme-preset.ts, compiled to CSS at build time.
 */
import type { ThemeChoice } from '../shared/ipc/contract.ts';
import { DARK_CLASS } from './dark-class.ts';

export type { ThemeChoice };

/** Whether the dark scheme applies for a choice and the OS preference. */
export function isDark(choice: ThemeChoice, systemPrefersDark: boolean): boolean {
  return choice === 'dark' || (choice === 'system' && systemPrefersDark);
}

export function applyColorScheme(dark: boolean, root: HTMLElement = document.documentElement): void {
  root.classList.toggle(DARK_CLASS, dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
}

/**
 * PrimeVue theme: the Aura preset with a blue primary, light or dark by the `.app-dark` class on
 * <html>. The class follows `prefers-color-scheme` unless the user picked light or dark by hand
 * (ui store); `applyColorScheme` is the one place that sets it.
 */
import Aura from '@primeuix/themes/aura';
import { definePreset } from '@primeuix/themes';
import type { ThemeChoice } from '../shared/ipc/contract.ts';

export const DARK_CLASS = 'app-dark';

/** Severities whose solid, outlined and text buttons and messages are drawn in one hue. */
const HUES = { success: 'green', info: 'sky', warn: 'orange', help: 'purple', danger: 'red' } as const;
const MESSAGE_HUES = { info: 'blue', success: 'green', warn: 'yellow', error: 'red' } as const;

/*
 * Contrast (WCAG 2.1 SC 1.4.3, 4.5:1 for text; checked by test/e2e/accessibility.test.ts with axe):
 * Aura's light scheme draws white text on the 500 shades and coloured text in the 500/600 shades,
 * which measure 2.3–4.3:1. Here the light scheme uses the 700 shades for solid backgrounds and
 * coloured text, and slate 600 for muted text; the dark scheme's messages use the 300 shades
 * (Aura's 500 on their tinted dark background measure under 4:1).
 */
function lightButtons(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const outlined: Record<string, unknown> = { secondary: { color: '{surface.600}' } };
  const text: Record<string, unknown> = { secondary: { color: '{surface.600}' } };
  for (const [severity, hue] of Object.entries(HUES)) {
    root[severity] = {
      background: `{${hue}.700}`,
      hoverBackground: `{${hue}.800}`,
      activeBackground: `{${hue}.900}`,
      borderColor: `{${hue}.700}`,
      hoverBorderColor: `{${hue}.800}`,
      activeBorderColor: `{${hue}.900}`,
      focusRing: { color: `{${hue}.700}`, shadow: 'none' },
    };
    outlined[severity] = { color: `{${hue}.700}` };
    text[severity] = { color: `{${hue}.700}` };
  }
  return { root, outlined, text };
}

function messages(shade: 300 | 800): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(MESSAGE_HUES).map(([severity, hue]) => {
      const color = `{${hue}.${shade}}`;
      return [severity, { color, outlined: { color }, simple: { color } }];
    }),
  );
}

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
    // Visible focus everywhere (keyboard users); PrimeVue draws it from this token.
    focusRing: { width: '2px', style: 'solid', color: '{primary.color}', offset: '2px' },
    // Aura gives form fields no focus ring (a border colour change only, easy to miss): the same
    // 2px ring as the buttons, drawn on the field's border.
    formField: { focusRing: { width: '2px', style: 'solid', color: '{primary.color}', offset: '-1px', shadow: 'none' } },
    colorScheme: {
      light: {
        // White on blue 600 is 5.2:1 (blue 500: 3.7:1); also the colour of links and the active tab.
        primary: { color: '{primary.600}', hoverColor: '{primary.700}', activeColor: '{primary.800}' },
        text: { mutedColor: '{surface.600}', hoverMutedColor: '{surface.700}' },
      },
    },
  },
  components: {
    button: { colorScheme: { light: lightButtons() } },
    message: { colorScheme: { light: messages(800), dark: messages(300) } },
    togglebutton: { colorScheme: { light: { root: { color: '{surface.600}' }, icon: { color: '{surface.600}' } } } },
  },
});

export const primeVueThemeOptions = {
  preset: ProbePreset,
  options: { darkModeSelector: `.${DARK_CLASS}`, cssLayer: false },
} as const;

export type { ThemeChoice };

/** Whether the dark scheme applies for a choice and the OS preference. */
export function isDark(choice: ThemeChoice, systemPrefersDark: boolean): boolean {
  return choice === 'dark' || (choice === 'system' && systemPrefersDark);
}

export function applyColorScheme(dark: boolean, root: HTMLElement = document.documentElement): void {
  root.classList.toggle(DARK_CLASS, dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
}

/**
 * The PrimeVue theme: the Aura preset with a blue primary, light or dark by the `.app-dark` class on
 * <html> (theme.ts). Read at build time only: scripts/vite-theme-css.ts turns it into the stylesheet
 * `virtual:theme.css`, so the page neither carries the tokens nor computes their CSS as it starts.
 */
import { definePreset } from '@primeuix/themes';
import auraBase from '@primeuix/themes/aura/base';
import auraCss from '@primeuix/themes/aura/css';
import autocomplete from '@primeuix/themes/aura/autocomplete';
import badge from '@primeuix/themes/aura/badge';
import button from '@primeuix/themes/aura/button';
import checkbox from '@primeuix/themes/aura/checkbox';
import chip from '@primeuix/themes/aura/chip';
import confirmdialog from '@primeuix/themes/aura/confirmdialog';
import datatable from '@primeuix/themes/aura/datatable';
import dialog from '@primeuix/themes/aura/dialog';
import drawer from '@primeuix/themes/aura/drawer';
import iconfield from '@primeuix/themes/aura/iconfield';
import inputnumber from '@primeuix/themes/aura/inputnumber';
import inputtext from '@primeuix/themes/aura/inputtext';
import listbox from '@primeuix/themes/aura/listbox';
import message from '@primeuix/themes/aura/message';
import paginator from '@primeuix/themes/aura/paginator';
import panel from '@primeuix/themes/aura/panel';
import password from '@primeuix/themes/aura/password';
import radiobutton from '@primeuix/themes/aura/radiobutton';
import ripple from '@primeuix/themes/aura/ripple';
import select from '@primeuix/themes/aura/select';
import selectbutton from '@primeuix/themes/aura/selectbutton';
import tabs from '@primeuix/themes/aura/tabs';
import tag from '@primeuix/themes/aura/tag';
import textarea from '@primeuix/themes/aura/textarea';
import timeline from '@primeuix/themes/aura/timeline';
import toast from '@primeuix/themes/aura/toast';
import togglebutton from '@primeuix/themes/aura/togglebutton';
import toggleswitch from '@primeuix/themes/aura/toggleswitch';
import toolbar from '@primeuix/themes/aura/toolbar';
import tooltip from '@primeuix/themes/aura/tooltip';
import virtualscroller from '@primeuix/themes/aura/virtualscroller';
import { DARK_CLASS } from './dark-class.ts';

/**
 * Aura with the tokens of the components the app draws (PrimeVue's own included: the paginator of a
 * DataTable, the chip of an AutoComplete), not all ninety: the stylesheet carries the CSS of each
 * component listed here. test/unit/scripts/renderer-bundle.test.ts fails when a bundled component's
 * style has no tokens here.
 */
const Aura = {
  ...auraBase,
  css: auraCss as unknown as string,
  components: { autocomplete, badge, button, checkbox, chip, confirmdialog, datatable, dialog, drawer, iconfield, inputnumber, inputtext, listbox, message, paginator, panel, password, radiobutton, ripple, select, selectbutton, tabs, tag, textarea, timeline, toast, togglebutton, toggleswitch, toolbar, tooltip, virtualscroller },
};

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

export const themeOptions = {
  preset: ProbePreset,
  options: { darkModeSelector: `.${DARK_CLASS}`, cssLayer: false },
} as const;

/**
 * The PrimeVue theme as a stylesheet made at build time (`import 'virtual:theme.css'`): the CSS
 * PrimeVue's styled mode would compute in the page for renderer/theme-preset.ts — the colour
 * palette's, the colour schemes' and each component's variables, and each component's rules — so
 * the page runs PrimeVue with `theme: 'none'` and neither carries the tokens nor resolves them and
 * injects a <style> per component as it starts (about a fifth of its start-up work).
 * The text is that of PrimeVue's own functions (the calls of its styled mode's loaders:
 * BaseComponent's _loadThemeStyles), in a fixed order: the common variables and style, then each
 * component of the preset, its variables before its rules.
 */
import { Theme, css } from '@primeuix/styled';
import { minifyCSS } from '@primeuix/utils/object';
import type { Plugin } from 'vite';

export const THEME_MODULE = 'virtual:theme.css';

interface ThemeOptions {
  preset: { components?: object };
  options: object;
}

/** A PrimeVue component style (`primevue/<name>/style`): its name and its rules, a function of dt(). */
interface ComponentStyle {
  name: string;
  style?: unknown;
}

/** The text BaseStyle.load puts in a <style>: dt() expressions resolved, minified. */
const loaded = (text: unknown): string => minifyCSS(css`${text}`) ?? '';

/** The text BaseStyle.loadStyle puts in a <style>: the style's rules, then the preset's own css. */
const loadedStyle = (name: string, style: unknown, extra: unknown): string => minifyCSS(Theme.transformCSS(name, `${css`${style}`}${css`${extra}`}`)) ?? '';

/** Every stylesheet PrimeVue's styled mode would inject for `options`, each under its style id. */
export async function themeSheets(options: ThemeOptions): Promise<Map<string, string>> {
  Theme.setTheme(options);
  const { default: BaseStyle } = (await import('@primevue/core/base/style')) as unknown as { default: ComponentStyle };
  const sheets = new Map<string, string>();
  const common = Theme.getCommon('common', undefined) as Record<'primitive' | 'semantic' | 'global', { css: string }> & { style: unknown };
  sheets.set('primitive-variables', loaded(common.primitive.css));
  sheets.set('semantic-variables', loaded(common.semantic.css));
  sheets.set('global-variables', loaded(common.global.css));
  sheets.set('global-style', loadedStyle('global-style', BaseStyle.style, common.style));
  for (const component of Object.keys(options.preset.components ?? {})) {
    const { default: style } = (await import(`primevue/${component}/style`)) as { default: ComponentStyle };
    const theme = (style.name.endsWith('-directive') ? Theme.getDirective(style.name, undefined) : Theme.getComponent(style.name, undefined)) as { css: string; style: unknown };
    sheets.set(`${style.name}-variables`, loaded(theme.css));
    sheets.set(`${style.name}-style`, loadedStyle(`${style.name}-style`, style.style, theme.style));
  }
  return sheets;
}

/** Serves `virtual:theme.css` for the theme renderer/theme-preset.ts exports. */
export function themeCss(): Plugin {
  return {
    name: 'smtp-probe:theme-css',
    resolveId: (id) => (id === THEME_MODULE ? THEME_MODULE : undefined),
    async load(id) {
      if (id !== THEME_MODULE) return undefined;
      const { themeOptions } = await import('../renderer/theme-preset.ts');
      return [...(await themeSheets(themeOptions)).values()].filter((text) => text !== '').join('\n');
    },
  };
}

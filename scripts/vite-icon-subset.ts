/**
 * The icons the renderer draws, and only those: every `pi-<name>` written under renderer/ becomes a
 * cell of one SVG sprite of primeicons' own SVGs, drawn as a CSS mask (`import 'virtual:icons.css'`),
 * instead of the whole primeicons font (342 KB as SVG, 35–85 KB in the other formats). The class names stay those of
 * primeicons (`pi pi-play`); the icon takes the text colour and is 1em square like the font's glyphs.
 * A name primeicons does not have fails the build. Icon names are written whole in the sources
 * (never assembled from parts), so that the scan finds them; test/unit/scripts/renderer-bundle.test.ts
 * checks both.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

export const ICONS_MODULE = 'virtual:icons.css';
/** primeicons' utility classes: not icons. */
const UTILITIES = new Set(['spin', 'fw']);
const ICON_CLASS = /\bpi-([a-z0-9]+(?:-[a-z0-9]+)*)/g;

/** The folder of primeicons' single SVG files. */
export function rawSvgDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('primeicons/package.json')), 'raw-svg');
}

/** Every icon name a .vue or .ts file under `dir` mentions, sorted. */
export function iconNamesIn(dir: string): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(vue|ts)$/.test(entry.name)) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(ICON_CLASS)) if (!UTILITIES.has(match[1]!)) names.add(match[1]!);
  }
  return [...names].sort();
}

/** An SVG as a CSS url() without base64 (smaller once gzipped); CSP's img-src allows data:. */
function svgUrl(svg: string): string {
  const compact = svg.replace(/\s+id="[^"]*"|\s+data-name="[^"]*"/g, '').replace(/"/g, "'").replace(/\s+/g, ' ');
  return `url("data:image/svg+xml,${compact.replace(/[%#<>{}]/g, (c) => encodeURIComponent(c))}")`;
}

/** One icon's SVG as a 24-unit cell of the sprite, `index` cells down: its own viewBox, no XML declaration. */
function spriteCell(svg: string, index: number): string {
  const viewBox = /viewBox="([^"]*)"/.exec(svg)?.[1] ?? '0 0 24 24';
  // Styles and references of one icon would reach the others in one document.
  if (/<style|url\(#|href=/.test(svg)) throw new Error(`renderer: icon ${index} has styles or references, which a sprite cannot keep apart`);
  return svg.replace(/^\s*(?:<\?xml[^>]*\?>\s*)?<svg[^>]*>/, `<svg y="${index * 24}" width="24" height="24" viewBox="${viewBox}">`);
}

export function iconsCss(names: readonly string[], svgDir = rawSvgDir()): string {
  const cells = names.map((name, index) => {
    let svg: string;
    try {
      svg = readFileSync(path.join(svgDir, `${name}.svg`), 'utf8');
    } catch {
      throw new Error(`renderer: no primeicons icon named "${name}" (class pi-${name})`);
    }
    return spriteCell(svg, index);
  });
  const sprite = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 ${names.length * 24}">${cells.join('')}</svg>`;
  // The font's glyph is the middle 16 of the SVG's 24 units: the sprite is drawn at 1.5 em per
  // icon and each icon shows its cell from a quarter em in.
  const rules = names.map((name, index) => `.pi-${name}{mask-position:-0.25em -${index * 1.5 + 0.25}em}`);
  return [
    // One image for every icon (a sprite): the browser builds a document for each SVG image it
    // draws, which for one file per icon was a tenth of the page's start-up work. The glyph sits
    // 1/16 em below the baseline as the font's descent put it. Unprefixed masks: Chromium 120 on
    // (Electron 45 ships 140).
    `.pi{display:inline-block;width:1em;height:1em;flex-shrink:0;vertical-align:-0.0625em;background-color:currentColor;mask:${svgUrl(sprite)} no-repeat 0 0/1.5em ${names.length * 1.5}em}`,
    '.pi-spin{animation:pi-spin 2s infinite linear}',
    '@media (prefers-reduced-motion:reduce){.pi-spin{animation-duration:1ms;animation-iteration-count:1}}',
    '@keyframes pi-spin{from{transform:rotate(0)}to{transform:rotate(359deg)}}',
    ...rules,
  ].join('\n');
}

/** Serves `virtual:icons.css` from the names used under `sourceDir` (renderer/). */
export function iconSubset(sourceDir: string): Plugin {
  return {
    name: 'smtp-probe:icon-subset',
    resolveId: (id) => (id === ICONS_MODULE ? ICONS_MODULE : undefined),
    load(id) {
      if (id !== ICONS_MODULE) return undefined;
      return iconsCss(iconNamesIn(sourceDir));
    },
  };
}

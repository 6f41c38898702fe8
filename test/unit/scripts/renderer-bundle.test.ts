/**
 * The built renderer's shape (docs/PERFORMANCE.md, "The renderer opens at once"): what the first
 * screen loads, what waits for first use, the icon subset and the theme subset. Sizes in bytes,
 * never times.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iconNamesIn, iconsCss } from '../../../scripts/vite-icon-subset.ts';
import { themeSheets } from '../../../scripts/vite-theme-css.ts';
import { firstScreenScripts, totalGzip } from '../../helpers/first-screen.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rendererSrc = path.join(root, 'renderer');
/** The first screen's JavaScript budget, gzip (issue: ≤ 200 KB). */
const FIRST_SCREEN_GZIP_BUDGET = 200 * 1024;

let outDir: string;
let chunks: Rolldown.OutputChunk[];

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-renderer-bundle-'));
  // The build `npm run build:renderer` makes: Vite keeps a NODE_ENV it finds set, and vitest sets 'test'.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({ configFile: path.join(rendererSrc, 'vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  chunks = outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
}, 180_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const modulesOf = (files: readonly string[]): string[] => chunks.filter((c) => files.includes(c.fileName)).flatMap((c) => Object.keys(c.modules).map((id) => id.replace(/\\/g, '/')));

describe('the first screen', () => {
  it(`loads at most ${FIRST_SCREEN_GZIP_BUDGET / 1024} KiB of JavaScript (gzip): the entry and its static imports`, () => {
    const scripts = firstScreenScripts(outDir);
    expect(scripts.length).toBeGreaterThan(0);
    expect(totalGzip(scripts), scripts.map((s) => `${s.file} ${s.gzipBytes}`).join(', ')).toBeLessThanOrEqual(FIRST_SCREEN_GZIP_BUDGET);
  });

  it('leaves the rarely opened views and their components to chunks loaded on first use', () => {
    const first = modulesOf(firstScreenScripts(outDir).map((s) => s.file));
    expect(first.some((id) => id.endsWith('/renderer/components/wizard/WizardView.vue'))).toBe(true);
    const lazy = [
      '/components/console/ConsolePanel.vue',
      '/components/profiles/ProfileForm.vue',
      '/components/profiles/ProfileRecentRuns.vue',
      '/components/sandbox/SandboxPanel.vue',
      '/components/app/AppAbout.vue',
      '/components/export/ExportDialog.vue',
      '/components/transcript/ReplyExplainDialog.vue',
      '/components/results/TlsResult.vue',
      '/primevue/datatable/',
      // The toast and confirmation hosts mount on first use (renderer/components/app/on-demand-host.ts), Rename's dialog too.
      '/primevue/toast/',
      '/primevue/confirmdialog/',
      '/primevue/dialog/',
      '/components/profiles/ProfileRenameDialog.vue',
      // The wizard's inline command editor: its form and PrimeVue's Select load with the first Edit.
      '/components/wizard/WizardCommandForm.vue',
      '/primevue/select/',
      // The report check: its zod schemas are made when the module runs (renderer/services/report-check.ts).
      '/shared/report.ts',
    ];
    for (const part of lazy) {
      expect(first.filter((id) => id.includes(part)), part).toEqual([]);
      expect(chunks.some((c) => Object.keys(c.modules).some((id) => id.replace(/\\/g, '/').includes(part))), `${part} is built at all`).toBe(true);
    }
    // The IPC contract's schemas: the bridge client needs only the payload caps (shared/ipc/payload-limits.ts).
    expect(first.filter((id) => id.endsWith('/shared/ipc/contract.ts'))).toEqual([]);
  });

  it('is one JavaScript file: the browser asks for one script, not one per shared chunk', () => {
    expect(firstScreenScripts(outDir).map((s) => s.file)).toHaveLength(1);
  });

  it("draws buttons, tags, toggles, toolbars, the search fields and the steps' timeline as markup (renderer/components/ui/), not as PrimeVue components", () => {
    const first = modulesOf(firstScreenScripts(outDir).map((s) => s.file));
    expect(first.some((id) => id.endsWith('/renderer/components/ui/LiteButton.vue'))).toBe(true);
    expect(first.some((id) => id.endsWith('/renderer/components/ui/LiteInputText.vue'))).toBe(true);
    for (const part of ['/primevue/tag/', '/primevue/toolbar/', '/primevue/timeline/', '/primevue/selectbutton/', '/primevue/togglebutton/']) expect(first.filter((id) => id.includes(part)), part).toEqual([]);
  });

  it('carries neither zod nor a schema module: the profile check loads on first use (renderer/services/profile-check.ts)', () => {
    const first = modulesOf(firstScreenScripts(outDir).map((s) => s.file));
    // The wizard's inline editor and the profile draft are there, through their zod-free modules.
    expect(first.some((id) => id.endsWith('/renderer/components/wizard/use-command-edit.ts'))).toBe(true);
    expect(first.some((id) => id.endsWith('/shared/empty-profile.ts'))).toBe(true);
    const schemaModules = ['/node_modules/zod/', '/renderer/zod-csp.ts', '/shared/profile.ts', '/shared/check-request.ts', '/shared/secret-binding.ts', '/renderer/components/profiles/profile-form-model.ts'];
    for (const part of schemaModules) expect(first.filter((id) => id.includes(part)), part).toEqual([]);
  });

  it('runs zod through renderer/zod-csp.ts in whichever chunk holds it: jitless is set before any schema is made', () => {
    const withZod = chunks.filter((c) => Object.keys(c.modules).some((id) => id.replace(/\\/g, '/').includes('/node_modules/zod/')));
    expect(withZod.length).toBeGreaterThan(0);
    // Every module that imports zod gets zod-csp.ts's exports (the build's alias): it is built, next to zod.
    for (const c of withZod) expect(Object.keys(c.modules).some((id) => id.endsWith('/renderer/zod-csp.ts')), c.fileName).toBe(true);
  });

  it('carries finding links as ids only: neither the known-replies table, its pages, the exports nor the finding catalog', () => {
    const first = modulesOf(firstScreenScripts(outDir).map((s) => s.file));
    expect(first.some((id) => id.endsWith('/renderer/components/findings/FindingPageLink.vue'))).toBe(true);
    for (const part of ['/shared/known-replies/table.ts', '/shared/known-replies/pages.ts', '/shared/report-format.ts', '/shared/findings.ts']) {
      expect(first.filter((id) => id.includes(part)), part).toEqual([]);
    }
  });
});

describe('icons', () => {
  it('ships the icons used as CSS, not the primeicons font', () => {
    const assets = readdirSync(path.join(outDir, 'assets'));
    expect(assets.filter((f) => f.startsWith('primeicons'))).toEqual([]);
    const css = assets.filter((f) => f.endsWith('.css')).map((f) => readFileSync(path.join(outDir, 'assets', f), 'utf8')).join('\n');
    for (const name of iconNamesIn(rendererSrc)) expect(css, name).toContain(`.pi-${name}{`);
    // One image for all of them (a sprite): Chromium makes a document for each SVG image it draws.
    expect(iconsCss(iconNamesIn(rendererSrc)).match(/data:image\/svg\+xml/g)).toHaveLength(1);
  });

  it('finds every icon name written whole: none is assembled from parts, and each exists in primeicons', () => {
    const assembled: string[] = [];
    for (const entry of readdirSync(rendererSrc, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(vue|ts)$/.test(entry.name)) continue;
      const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
      if (/pi-\$\{|['"`]pi-['"`]/.test(text)) assembled.push(entry.name);
    }
    expect(assembled).toEqual([]);
    expect(iconNamesIn(rendererSrc)).toContain('play');
    expect(() => iconsCss(['no-such-icon'])).toThrow('no primeicons icon named "no-such-icon"');
  });
});

describe('theme', () => {
  it('has the tokens of every PrimeVue component style in the build', () => {
    const styles = new Set(chunks.flatMap((c) => Object.keys(c.modules)).flatMap((id) => /@primeuix\/styles\/dist\/([a-z]+)\//.exec(id.replace(/\\/g, '/'))?.[1] ?? []));
    styles.delete('base');
    expect(styles.size).toBeGreaterThan(10);
    // The Aura component tokens renderer/theme-preset.ts imports (it puts each one in the preset).
    const theme = readFileSync(path.join(rendererSrc, 'theme-preset.ts'), 'utf8');
    const tokens = [...theme.matchAll(/from '@primeuix\/themes\/aura\/([a-z]+)'/g)].map((m) => m[1]!).filter((name) => name !== 'base' && name !== 'css');
    expect([...styles].filter((name) => !tokens.includes(name))).toEqual([]);
  });

  it('is a stylesheet of the build, with every component of the preset: the page carries no tokens', async () => {
    const first = modulesOf(firstScreenScripts(outDir).map((s) => s.file));
    expect(first.filter((id) => id.includes('/@primeuix/themes/') || id.endsWith('/renderer/theme-preset.ts'))).toEqual([]);
    const css = readdirSync(path.join(outDir, 'assets'))
      .filter((f) => f.startsWith('index-') && f.endsWith('.css'))
      .map((f) => readFileSync(path.join(outDir, 'assets', f), 'utf8'))
      .join('\n');
    const { themeOptions } = await import('../../../renderer/theme-preset.ts');
    const sheets = await themeSheets(themeOptions);
    for (const name of Object.keys(themeOptions.preset.components ?? {})) expect(sheets.get(`${name}-variables`) ?? sheets.get(`${name}-directive-variables`), name).toBeTruthy();
    // Variables of the palette, of a colour scheme, and of components, as the preset sets them.
    for (const variable of ['--p-blue-600:', '--p-primary-color:', '--p-button-primary-background:', '--p-toast-info-background:', '--p-tooltip-background:']) expect(css, variable).toContain(variable);
    expect(css).toContain('.app-dark');
  });
});

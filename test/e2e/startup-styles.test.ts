/**
 * What the page does as it starts (docs/PERFORMANCE.md, time to interactive), in Chromium through
 * browser mode: the PrimeVue theme is the stylesheet built from renderer/theme-preset.ts
 * (scripts/vite-theme-css.ts), so the page computes and injects no theme of its own, and PrimeVue's
 * few core stylesheets are injected once each however many components mount; the theme still
 * draws the app (the primary colour in light and dark), and the icons are drawn (one sprite).
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startAppOnLaptop } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

/** The page's globals these checks read (the Node type-check has no DOM library). */
interface PageGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
    querySelector(selector: string): object | null;
    documentElement: { classList: { toggle(c: string, on: boolean): void } };
  };
  getComputedStyle(el: object): { backgroundColor: string; maskImage: string; maskPosition: string };
}

/** The id of every <style> PrimeVue injected, in document order. */
const injectedStyles = (app: E2eApp): Promise<(string | null)[]> =>
  app.page.evaluate(() => Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('style[data-primevue-style-id]'), (s) => s.getAttribute('data-primevue-style-id')));

await describeWithPeer('Chromium (/usr/bin/chromium)', hasRenderer, 'the page as it starts', () => {
  let app: E2eApp;
  beforeAll(async () => {
    app = await startAppOnLaptop();
  }, 60_000);
  afterAll(async () => app?.close());

  it('injects no theme of its own and each PrimeVue core stylesheet once, however many components mount', async () => {
    await app.page.locator('[data-testid="run-all"]').waitFor();
    // More components mount: the other tabs (their chunks load), then back.
    for (const tab of ['Settings', 'Recent runs', 'Wizard']) {
      await app.page.getByRole('tab', { name: tab }).click();
      await app.page.getByRole('tab', { name: tab, selected: true }).waitFor();
    }
    const ids = await injectedStyles(app);
    expect(ids.filter((id) => id?.endsWith('-variables') || id?.endsWith('-style'))).toEqual([]);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('base');
  });

  it("draws with the built theme: Run all in the success colour, the primary button's blue in light and dark", async () => {
    const colours = (): Promise<string[]> =>
      app.page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
        return ['[data-testid="run-all"]', '.p-button:not(.p-button-success):not(.p-button-secondary):not(.p-button-outlined):not(.p-button-text)'].map((s) => getComputedStyle(document.querySelector(s)!).backgroundColor);
      });
    // Aura's tokens as renderer/theme-preset.ts sets them: green 700, blue 600 (light); green 400, blue 400 (dark).
    expect(await colours()).toEqual(['rgb(21, 128, 61)', 'rgb(37, 99, 235)']);
    await app.page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.classList.toggle('app-dark', true));
    // Polled: the buttons' background has a transition.
    await expect.poll(colours).toEqual(['rgb(74, 222, 128)', 'rgb(96, 165, 250)']);
    await app.page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.classList.toggle('app-dark', false));
  });

  it('draws every icon from one sprite image, each at its own place in it', async () => {
    const icons = await app.page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
      return Array.from(document.querySelectorAll('.pi') as unknown as ArrayLike<object>, (el) => getComputedStyle(el)).map((s) => ({ image: s.maskImage, position: s.maskPosition }));
    });
    expect(icons.length).toBeGreaterThan(10);
    expect(new Set(icons.map((i) => i.image)).size).toBe(1);
    expect(icons[0]!.image).toMatch(/^url\("data:image\/svg\+xml,/);
    expect(new Set(icons.map((i) => i.position)).size).toBeGreaterThan(5);
  });
});

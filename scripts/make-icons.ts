/**
 * Regenerates the app icons in build/ from build/icon.svg (run by hand after editing the SVG:
 * `node --import tsx scripts/make-icons.ts`). Chromium (Debian's package, through playwright-core)
 * renders the SVG with a transparent background; icon.ico holds PNG images (Windows Vista and
 * later read PNG entries), 256 px first as electron-builder requires.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build');
const svg = readFileSync(path.join(buildDir, 'icon.svg'), 'utf8');
const ICO_SIZES = [256, 128, 64, 48, 32, 16];

/** An .ico file whose entries are PNG images (ICONDIR + ICONDIRENTRY table, then the data). */
export function icoFromPngs(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

async function render(size: number, page: Page): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const sized = svg.replace(/width="512" height="512"/, `width="${size}" height="${size}"`);
  await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    writeFileSync(path.join(buildDir, 'icon.png'), await render(512, page));
    const images = [];
    for (const size of ICO_SIZES) images.push({ size, png: await render(size, page) });
    writeFileSync(path.join(buildDir, 'icon.ico'), icoFromPngs(images));
  } finally {
    await browser.close();
  }
  process.stdout.write(`Wrote ${path.join(buildDir, 'icon.png')} and icon.ico\n`);
}

/**
 * Packaging, checked without building (electron-builder downloads Electron, which this machine
 * cannot): the config passes electron-builder's own schema and names every installer target, and the
 * afterPack hook flips exactly the fuses of reliability A.10 on the right executable.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { build } from 'vite';
import { describe, expect, it, vi } from 'vitest';
import afterPack, { FUSE_CONFIG, electronExecutable } from '../../../scripts/after-pack-fuses.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };
const loadConfig = (): Promise<Configuration> => getConfig(root, path.join(root, 'electron-builder.yml'), null, { value: Promise.resolve(pkg) } as never);
const targetsOf = (targets: unknown): string[] => (Array.isArray(targets) ? targets : [targets]).map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined } as never)).resolves.toBeUndefined();
  });

  it('builds the installer targets from the bundles, with icons from build/', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe('SMTP Probe');
    expect(config.asar).toBe(true);
    expect(config.directories?.buildResources).toBe('build');
    // getConfig normalizes `files` to [{ filter: [...] }].
    const files = ([] as unknown[]).concat(config.files).flatMap((entry) => (typeof entry === 'string' ? [entry] : ((entry as { filter?: string[] }).filter ?? [])));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'out/main/**', 'out/preload/**', 'out/renderer/**']));
    expect(targetsOf(config.win?.target)).toEqual(['nsis', 'portable']);
    // The install-mode page on purpose, "just me" first, "all users" able to elevate.
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, selectPerMachineByDefault: false, allowElevation: true, allowToChangeInstallationDirectory: true });
    expect(targetsOf(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac?.target)).toEqual(['dmg']);
    expect(config.afterPack).toBe('./scripts/after-pack-fuses.mjs');
    for (const icon of [config.win?.icon, config.linux?.icon, config.mac?.icon]) expect(existsSync(path.join(root, String(icon)))).toBe(true);
  });

  it('package.json starts the bundled main process', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.scripts.dist).toMatch(/electron-builder/);
  });

  it('the Windows icon is an .ico with a 256 px PNG image first', () => {
    const ico = readFileSync(path.join(root, 'build', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    expect(ico.readUInt8(6)).toBe(0); // width 0 = 256
    const offset = ico.readUInt32LE(6 + 12);
    expect(ico.subarray(offset, offset + 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});

/** The npm packages the built main bundle imports (static and dynamic), by package name. */
async function mainBundlePackages(): Promise<Set<string>> {
  // Inside the project, like built-main.test.ts, so the build resolves as it does for `npm run build`.
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const outDir = mkdtempSync(path.join(root, '.tmp', 'packaging-main-'));
  try {
    await build({ configFile: path.join(root, 'vite.electron.config.ts'), mode: 'main', logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
    const code = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(outDir, f), 'utf8')).join('\n');
    const specifiers = [...code.matchAll(/(?:^import\b[^;]*?\bfrom\s*|^import\s*|\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?)["']([^"'.][^"']*)["']/gm)].map((m) => m[1]!);
    const packages = specifiers.filter((s) => !s.startsWith('node:') && !builtinModules.includes(s)).map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/'));
    return new Set(packages);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

describe('what the app packs from node_modules', () => {
  it('every production dependency main does not import is excluded, and none it imports is', async () => {
    const imported = await mainBundlePackages();
    // The loader sees the dynamic electron-updater import too (it is external on purpose).
    expect([...imported].sort()).toEqual(expect.arrayContaining(['electron', 'electron-updater', 'nodemailer', 'selfsigned', 'smtp-server']));
    const config = await loadConfig();
    const files = ([] as unknown[]).concat(config.files).flatMap((entry) => (typeof entry === 'string' ? [entry] : ((entry as { filter?: string[] }).filter ?? [])));
    const exclusion = files.map((f) => /^!node_modules\/\{([^}]+)\}\/\*\*$/.exec(f)).find((m) => m !== null);
    const excluded = new Set(exclusion?.[1]?.split(',') ?? []);
    for (const dep of Object.keys(pkg.dependencies)) expect(excluded.has(dep), `${dep}: imported by main ${imported.has(dep)}`).toBe(!imported.has(dep));
  }, 120_000);

  it('the renderer libraries are not production dependencies (Vite bundles them into out/renderer)', () => {
    for (const name of ['vue', 'pinia', 'primevue', '@primeuix/themes', 'primeicons', 'tsx']) expect(pkg.dependencies, name).not.toHaveProperty([name]);
  });
});

describe('afterPack fuses (reliability A.10)', () => {
  it('flips exactly the required fuses', () => {
    expect(FUSE_CONFIG).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: true,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
  });

  it.each([
    ['win32', path.join('/out', 'SMTP Probe.exe')],
    ['darwin', path.join('/out', 'SMTP Probe.app')],
    ['linux', path.join('/out', 'smtp-probe')],
  ])('finds the %s executable and flips its fuses', async (platform, executable) => {
    const context = { appOutDir: '/out', electronPlatformName: platform, packager: { appInfo: { productFilename: 'SMTP Probe' }, executableName: 'smtp-probe' } };
    expect(electronExecutable(context)).toBe(executable);
    const flip = vi.fn(async () => 0);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await afterPack(context, flip);
    log.mockRestore();
    expect(flip).toHaveBeenCalledWith(executable, FUSE_CONFIG);
  });
});

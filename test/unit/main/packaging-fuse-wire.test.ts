/**
 * The afterPack hook run for real on a file laid out like Electron's executable: random bytes, then
 * Electron's fuse sentinel, the wire version, the wire length and one byte per fuse ('0' off, '1' on),
 * with Electron's default states. No Electron binary can be downloaded here (DESIGN: build machines),
 * so this is the closest check of reliability A.10's "fuses read on the built exe": the real
 * @electron/fuses flips the wire and its own CLI (`electron-fuses read`) reads it back.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, describe, expect, it, vi } from 'vitest';
import afterPack from '../../../scripts/after-pack-fuses.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's shipped defaults, in wire order (FuseV1Options 0..7): the unsafe ones are on. */
const ELECTRON_DEFAULTS = '10110001';
/** @electron/fuses' FuseState (not exported by its entry point): the wire holds ASCII '0' and '1'. */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Writes a fake executable and returns its path and where its wire starts. */
function fakeElectron(name: string): { file: string; wireAt: number } {
  dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-fuses-'));
  const file = path.join(dir, name);
  const head = randomBytes(4096);
  const wire = Buffer.concat([Buffer.from(SENTINEL, 'ascii'), Buffer.from([1, ELECTRON_DEFAULTS.length]), Buffer.from(ELECTRON_DEFAULTS, 'ascii')]);
  writeFileSync(file, Buffer.concat([head, wire, randomBytes(4096)]));
  return { file, wireAt: head.length + SENTINEL.length + 2 };
}

async function packed(platform: 'linux' | 'win32', executable: string): Promise<void> {
  const context = { appOutDir: dir!, electronPlatformName: platform, packager: { appInfo: { productFilename: 'SMTP Probe' }, executableName: 'smtp-probe' } };
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await afterPack(context);
  } finally {
    log.mockRestore();
  }
  expect(readFileSync(executable).length).toBe(4096 + SENTINEL.length + 2 + ELECTRON_DEFAULTS.length + 4096);
}

describe('afterPack on an executable with a fuse wire', () => {
  it.each([
    ['linux', 'smtp-probe'],
    ['win32', 'SMTP Probe.exe'],
  ] as const)('%s: the unsafe fuses end up off and the integrity fuses on, nothing else in the file moves', async (platform, name) => {
    const { file, wireAt } = fakeElectron(name);
    const before = readFileSync(file);
    await packed(platform, file);
    const after = readFileSync(file);

    const wire = await getCurrentFuseWire(file);
    expect(wire.version).toBe(FuseVersion.V1);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    // Not configured: left as Electron ships it.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);

    // Only the wire's bytes changed.
    const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((i) => i >= wireAt && i < wireAt + ELECTRON_DEFAULTS.length)).toBe(true);
  });

  it("electron-fuses' own `read` reports the flipped states", async () => {
    const { file } = fakeElectron('smtp-probe');
    await packed('linux', file);
    const read = spawnSync(process.execPath, [path.join(root, 'node_modules/@electron/fuses/dist/bin.js'), 'read', '--app', file], { encoding: 'utf8' });
    expect(read.status).toBe(0);
    const out = read.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(out).toMatch(/RunAsNode is Disabled/);
    expect(out).toMatch(/EnableNodeOptionsEnvironmentVariable is Disabled/);
    expect(out).toMatch(/EnableNodeCliInspectArguments is Disabled/);
    expect(out).toMatch(/EnableEmbeddedAsarIntegrityValidation is Enabled/);
    expect(out).toMatch(/OnlyLoadAppFromAsar is Enabled/);
    expect(out).toMatch(/GrantFileProtocolExtraPrivileges is Disabled/);
    expect(out).toMatch(/EnableCookieEncryption is Enabled/);
  });

  it('a file without the sentinel (not an Electron executable) fails the packaging instead of passing silently', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-fuses-'));
    writeFileSync(path.join(dir, 'smtp-probe'), randomBytes(8192));
    await expect(afterPack({ appOutDir: dir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'SMTP Probe' }, executableName: 'smtp-probe' } })).rejects.toThrow(/sentinel/);
  });
});

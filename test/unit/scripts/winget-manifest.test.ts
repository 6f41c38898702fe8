/** scripts/winget-manifest.mjs: the .winget/ templates filled for a release are manifests winget accepts. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fillManifests, fillTemplate, findInstallers, readTemplates } from '../../../scripts/winget-manifest.mjs';

const RELEASE_URL = 'https://github.com/example/smtp-probe/releases/download/v1.2.3';
const SHA_X64 = 'a'.repeat(64);
const SHA_ARM = '0123456789abcdef'.repeat(4);
const installers = [
  { architecture: 'x64', fileName: 'smtp-probe-setup-1.2.3-x64.exe', sha256: SHA_X64 },
  { architecture: 'arm64', fileName: 'smtp-probe-setup-1.2.3-arm64.exe', sha256: SHA_ARM },
];

type Manifest = Record<string, unknown>;
function filled(): Record<string, Manifest> {
  const manifests = fillManifests({ version: '1.2.3', releaseUrl: RELEASE_URL, installers, releaseDate: '2026-12-03' });
  return Object.fromEntries(Object.entries(manifests).map(([name, text]) => [name, parse(text) as Manifest]));
}
const byType = (manifests: Record<string, Manifest>, type: string): Manifest => {
  const found = Object.values(manifests).filter((m) => m.ManifestType === type);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('filled manifests', () => {
  it('one manifest of each type winget needs, named after the package, same identifier and version in each', () => {
    const manifests = filled();
    expect(Object.keys(manifests).sort()).toEqual([
      'SMTPProbe.SMTPProbe.installer.yaml', 'SMTPProbe.SMTPProbe.locale.en-US.yaml', 'SMTPProbe.SMTPProbe.yaml',
    ]);
    expect(Object.values(manifests).map((m) => m.ManifestType).sort()).toEqual(['defaultLocale', 'installer', 'version']);
    for (const manifest of Object.values(manifests)) {
      expect(manifest).toMatchObject({ PackageIdentifier: 'SMTPProbe.SMTPProbe', PackageVersion: '1.2.3', ManifestVersion: '1.9.0' });
    }
  });

  it('installer manifest: nullsoft, one entry per architecture with the release URL and the SHA-256', () => {
    const installer = byType(filled(), 'installer');
    expect(installer).toMatchObject({ InstallerType: 'nullsoft', Scope: 'user', ReleaseDate: '2026-12-03' });
    expect(installer.Installers).toEqual([
      { Architecture: 'x64', InstallerUrl: `${RELEASE_URL}/smtp-probe-setup-1.2.3-x64.exe`, InstallerSha256: SHA_X64.toUpperCase() },
      { Architecture: 'arm64', InstallerUrl: `${RELEASE_URL}/smtp-probe-setup-1.2.3-arm64.exe`, InstallerSha256: SHA_ARM.toUpperCase() },
    ]);
  });

  it('version and locale manifests: default locale, the fields winget requires, links to the repository', () => {
    const manifests = filled();
    expect(byType(manifests, 'version')).toMatchObject({ DefaultPackageLocale: 'en-US' });
    const locale = byType(manifests, 'defaultLocale');
    expect(locale).toMatchObject({
      PackageLocale: 'en-US', Publisher: 'SMTP Probe contributors', PackageName: 'SMTP Probe', License: 'MIT',
      PackageUrl: 'https://github.com/example/smtp-probe',
      ReleaseNotesUrl: 'https://github.com/example/smtp-probe/releases/tag/v1.2.3',
    });
    expect(String(locale.ShortDescription).length).toBeGreaterThan(0);
  });

  it('refuses what winget would reject or what would point elsewhere', () => {
    const fill = (over: object) => () => fillManifests({ version: '1.2.3', releaseUrl: RELEASE_URL, installers, ...over });
    expect(fill({ version: 'v1.2.3' })).toThrow(/not a version/);
    expect(fill({ releaseUrl: 'http://github.com/example/smtp-probe/releases/download/v1.2.3' })).toThrow(/https/);
    expect(fill({ releaseUrl: 'https://github.com/example/smtp-probe' })).toThrow(/release download URL/);
    expect(fill({ installers: [{ ...installers[0], sha256: 'abc' }] })).toThrow(/SHA-256/);
    expect(fill({ installers: [{ ...installers[0], architecture: 'x86' }] })).toThrow(/architecture/);
    expect(fill({ installers: [] })).toThrow(/no installers/);
  });

  it('a placeholder without a value is an error, not left in the manifest', () => {
    expect(() => fillTemplate('PackageVersion: {{version}}\nX: {{nope}}', { version: '1' })).toThrow('{{nope}}');
    for (const text of Object.values(fillManifests({ version: '1.2.3', releaseUrl: RELEASE_URL, installers }))) {
      expect(text).not.toMatch(/\{\{/);
    }
    expect(Object.keys(readTemplates())).toHaveLength(3);
  });
});

describe('installers found in the release folder', () => {
  it('one per architecture, or one combined installer for both', () => {
    const names = ['smtp-probe-setup-1.2.3-x64.exe', 'smtp-probe-setup-1.2.3-arm64.exe', 'smtp-probe-1.2.3-portable.exe', 'smtp-probe-setup-1.2.2-x64.exe'];
    expect([...findInstallers(names, '1.2.3')]).toEqual([['x64', names[0]], ['arm64', names[1]]]);
    expect([...findInstallers(['smtp-probe-setup-1.2.3.exe'], '1.2.3')]).toEqual([
      ['x64', 'smtp-probe-setup-1.2.3.exe'], ['arm64', 'smtp-probe-setup-1.2.3.exe'],
    ]);
    expect(() => findInstallers(['smtp-probe-1.2.3-portable.exe'], '1.2.3')).toThrow(/no NSIS installer/);
  });
});

describe('the command the release workflow runs', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('hashes the installers it finds and writes the three manifests', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'winget-'));
    const release = path.join(dir, 'release');
    const out = path.join(dir, 'out');
    mkdirSync(release);
    writeFileSync(path.join(release, 'smtp-probe-setup-1.2.3-x64.exe'), 'installer bytes');
    const script = path.resolve('scripts/winget-manifest.mjs');
    execFileSync(process.execPath, [script, '--version', '1.2.3', '--release-url', RELEASE_URL, '--installers', release, '--out', out]);
    expect(readdirSync(out).sort()).toHaveLength(3);
    const installer = parse(readFileSync(path.join(out, 'SMTPProbe.SMTPProbe.installer.yaml'), 'utf8')) as Manifest;
    // sha256("installer bytes")
    expect(installer.Installers).toEqual([{
      Architecture: 'x64', InstallerUrl: `${RELEASE_URL}/smtp-probe-setup-1.2.3-x64.exe`,
      InstallerSha256: 'E34210A6DE4F653EDF588301431C3D69A633638CBF587345CC50A7FED9F38F4C',
    }]);
  });
});

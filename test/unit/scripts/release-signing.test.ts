/** scripts/release-signing.mjs: signs only with configured secrets, and the notes say when a build is unsigned. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { githubEnvLines, releaseNotes, signingPlan } from '../../../scripts/release-signing.mjs';

const AZURE = {
  SECRET_AZURE_TENANT_ID: 'tenant', SECRET_AZURE_CLIENT_ID: 'client', SECRET_AZURE_CLIENT_SECRET: 'azure-secret',
  AZURE_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net', AZURE_SIGNING_ACCOUNT: 'account',
  AZURE_SIGNING_PROFILE: 'profile', AZURE_SIGNING_PUBLISHER: 'SMTP Probe contributors',
};

describe('signingPlan', () => {
  it('no secrets (empty, as GitHub passes a missing one): nothing exported, the platform is marked unsigned', () => {
    const empty = { SECRET_CSC_LINK: '', SECRET_CSC_KEY_PASSWORD: '', SECRET_AZURE_CLIENT_ID: '' };
    const windows = signingPlan('Windows', empty);
    expect(windows).toEqual({ env: {}, args: [], status: expect.stringMatching(/^Windows: UNSIGNED/) });
    const mac = signingPlan('macOS', empty);
    // Without it electron-builder would sign with any identity it finds in the keychain.
    expect(mac).toEqual({ env: { CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, args: [], status: expect.stringMatching(/^macOS: UNSIGNED/) });
    expect(signingPlan('Linux', empty).status).toMatch(/not signed/);
  });

  it('a certificate: CSC_LINK and its password exported for Windows and macOS, never for Linux', () => {
    const env = { SECRET_CSC_LINK: 'base64-p12', SECRET_CSC_KEY_PASSWORD: 'pw' };
    expect(signingPlan('Windows', env)).toMatchObject({ env: { CSC_LINK: 'base64-p12', CSC_KEY_PASSWORD: 'pw' }, status: /signed \(certificate/ });
    expect(signingPlan('macOS', env)).toMatchObject({ env: { CSC_LINK: 'base64-p12', CSC_KEY_PASSWORD: 'pw' }, status: 'macOS: signed, not notarized' });
    expect(signingPlan('Linux', env).env).toEqual({});
    const notarize = { ...env, SECRET_APPLE_ID: 'id', SECRET_APPLE_APP_SPECIFIC_PASSWORD: 'app-pw', SECRET_APPLE_TEAM_ID: 'team' };
    expect(signingPlan('macOS', notarize)).toMatchObject({ env: { APPLE_ID: 'id', APPLE_TEAM_ID: 'team' }, status: 'macOS: signed and notarized' });
  });

  it('Azure Trusted Signing on Windows when all its secrets and settings are there, as -c overrides', () => {
    const plan = signingPlan('Windows', { ...AZURE, SECRET_CSC_LINK: 'ignored' });
    expect(plan.env).toEqual({ AZURE_TENANT_ID: 'tenant', AZURE_CLIENT_ID: 'client', AZURE_CLIENT_SECRET: 'azure-secret' });
    expect(plan.args).toEqual([
      '-c.win.azureSignOptions.endpoint=https://weu.codesigning.azure.net',
      '-c.win.azureSignOptions.codeSigningAccountName=account',
      '-c.win.azureSignOptions.certificateProfileName=profile',
      '-c.win.azureSignOptions.publisherName=SMTP Probe contributors',
    ]);
    expect(plan.status).toBe('Windows: signed with Azure Trusted Signing');
    expect(signingPlan('Windows', { ...AZURE, AZURE_SIGNING_PROFILE: '' }).status).toMatch(/UNSIGNED/);
  });
});

describe('release notes', () => {
  it('signing per platform, an unsigned build said so, and the SHA-256 of each installer', () => {
    const notes = releaseNotes('v1.2.3', ['Windows: UNSIGNED (SmartScreen warns)', 'macOS: signed and notarized'], [{ name: 'a.exe', sha256: 'ab'.repeat(32) }]);
    expect(notes).toContain('- Windows: UNSIGNED (SmartScreen warns)');
    expect(notes).toContain('This build is unsigned where marked');
    expect(notes).toContain(`${'ab'.repeat(32)}  a.exe`);
    expect(releaseNotes('v1', ['Windows: signed with Azure Trusted Signing'], [])).not.toContain('unsigned');
  });

  it('$GITHUB_ENV lines in the heredoc form, so a value with newlines stays one variable', () => {
    const lines = githubEnvLines({ CSC_LINK: 'line1\nline2' });
    expect(lines).toMatch(/^CSC_LINK<<(EOF_[0-9a-f]{16})\nline1\nline2\n\1\n$/);
  });
});

describe('the commands the workflow runs', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const script = path.resolve('scripts/release-signing.mjs');

  it('configure writes GITHUB_ENV and the argument file; notes reads the release folder', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'release-signing-'));
    const githubEnv = path.join(dir, 'github-env');
    writeFileSync(githubEnv, '');
    const argsFile = path.join(dir, 'args');
    const env = { PATH: process.env.PATH, GITHUB_ENV: githubEnv, ...AZURE };
    execFileSync(process.execPath, [script, 'configure', 'Windows', argsFile], { env });
    expect(readFileSync(githubEnv, 'utf8')).toMatch(/^AZURE_CLIENT_SECRET<<EOF_\w+\nazure-secret\n/m);
    expect(readFileSync(githubEnv, 'utf8')).toMatch(/^SMTP_PROBE_SIGNING<<EOF_\w+\nWindows: signed with Azure Trusted Signing\n/m);
    expect(readFileSync(argsFile, 'utf8').split('\n')).toContain('-c.win.azureSignOptions.publisherName=SMTP Probe contributors');

    writeFileSync(path.join(dir, 'signing-Linux.txt'), 'Linux: not signed\n');
    writeFileSync(path.join(dir, 'smtp-probe-1.2.3-x86_64.AppImage'), 'installer bytes');
    const notes = execFileSync(process.execPath, [script, 'notes', 'v1.2.3', dir], { encoding: 'utf8' });
    expect(notes).toContain('- Linux: not signed');
    expect(notes).toContain('e34210a6de4f653edf588301431c3d69a633638cbf587345cc50a7fed9f38f4c  smtp-probe-1.2.3-x86_64.AppImage');
  });
});

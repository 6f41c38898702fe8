#!/usr/bin/env node
/**
 * Code signing and release notes for .github/workflows/release.yml.
 *
 *   release-signing.mjs configure <RUNNER_OS> <args-file>
 *     Reads the repository secrets (SECRET_* variables set by the workflow step) and exports to
 *     $GITHUB_ENV only those that are set: electron-builder treats an empty CSC_LINK as a
 *     certificate. Azure Trusted Signing goes into <args-file> as electron-builder -c overrides,
 *     one per line. SMTP_PROBE_SIGNING says in one line how this platform was signed.
 *   release-signing.mjs notes <tag> <release-dir>
 *     Markdown release notes: signing per platform (from release/signing-*.txt) and the SHA-256
 *     of every installer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, createReadStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const AZURE_OPTIONS = {
  endpoint: 'AZURE_SIGNING_ENDPOINT',
  codeSigningAccountName: 'AZURE_SIGNING_ACCOUNT',
  certificateProfileName: 'AZURE_SIGNING_PROFILE',
  publisherName: 'AZURE_SIGNING_PUBLISHER',
};
const AZURE_SECRETS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];
const APPLE_SECRETS = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
export const INSTALLER_PATTERN = /\.(exe|dmg|AppImage|deb)$/;

/** @param {string | undefined} value */
const present = (value) => typeof value === 'string' && value.trim() !== '';

/**
 * What the build on `runnerOs` (GitHub's RUNNER_OS: Windows, macOS, Linux) gets from `env`:
 * variables to export, electron-builder arguments, and the line for the release notes.
 * @param {string} runnerOs
 * @param {Record<string, string | undefined>} env
 * @returns {{ env: Record<string, string>, args: string[], status: string }}
 */
export function signingPlan(runnerOs, env) {
  /** @type {Record<string, string>} */
  const exported = {};
  /** @type {string[]} */
  const args = [];
  /** @param {string} name */
  const secret = (name) => env[`SECRET_${name}`] ?? '';
  const azureReady = AZURE_SECRETS.every((name) => present(secret(name)))
    && Object.values(AZURE_OPTIONS).every((name) => present(env[name]));
  if (runnerOs === 'Windows' && azureReady) {
    for (const name of AZURE_SECRETS) exported[name] = secret(name);
    for (const [option, name] of Object.entries(AZURE_OPTIONS)) args.push(`-c.win.azureSignOptions.${option}=${env[name] ?? ''}`);
    return { env: exported, args, status: 'Windows: signed with Azure Trusted Signing' };
  }
  const certificate = present(secret('CSC_LINK')) && runnerOs !== 'Linux';
  if (certificate) {
    exported.CSC_LINK = secret('CSC_LINK');
    if (present(secret('CSC_KEY_PASSWORD'))) exported.CSC_KEY_PASSWORD = secret('CSC_KEY_PASSWORD');
  }
  if (runnerOs === 'macOS') {
    // Without a certificate electron-builder would otherwise pick any identity in the keychain.
    if (!certificate) exported.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    const notarize = certificate && APPLE_SECRETS.every((name) => present(secret(name)));
    if (notarize) for (const name of APPLE_SECRETS) exported[name] = secret(name);
    const status = !certificate ? 'macOS: UNSIGNED (Gatekeeper asks to confirm the first start: right-click, Open)'
      : notarize ? 'macOS: signed and notarized' : 'macOS: signed, not notarized';
    return { env: exported, args, status };
  }
  if (runnerOs === 'Windows') {
    const status = certificate ? 'Windows: signed (certificate from CSC_LINK)'
      : 'Windows: UNSIGNED (SmartScreen warns: "More info", then "Run anyway")';
    return { env: exported, args, status };
  }
  return { env: exported, args, status: 'Linux: AppImage and deb are not signed; check the SHA-256 below' };
}

/**
 * $GITHUB_ENV lines; the heredoc form, since a certificate may span lines.
 * @param {Record<string, string>} variables
 */
export function githubEnvLines(variables) {
  return Object.entries(variables).map(([name, value]) => {
    const delimiter = `EOF_${randomBytes(8).toString('hex')}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }).join('');
}

/**
 * @param {string} tag
 * @param {string[]} statuses one line per platform, from signingPlan
 * @param {{ name: string, sha256: string }[]} installers
 */
export function releaseNotes(tag, statuses, installers) {
  const unsigned = statuses.some((line) => line.includes('UNSIGNED'));
  return [
    `SMTP Probe ${tag}.`,
    '',
    '## Signing',
    ...statuses.map((line) => `- ${line}`),
    ...(unsigned ? ['', 'This build is unsigned where marked: no signing certificate was configured for the release.'] : []),
    '',
    '## SHA-256',
    '```',
    ...installers.map(({ name, sha256 }) => `${sha256}  ${name}`),
    '```',
    '',
  ].join('\n');
}

/**
 * @param {string} file
 * @returns {Promise<string>} lowercase hex
 */
export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** @param {string[]} argv */
async function main([command, ...rest]) {
  if (command === 'configure' && rest.length === 2) {
    const [runnerOs = '', argsFile = ''] = rest;
    const plan = signingPlan(runnerOs, process.env);
    const githubEnv = process.env.GITHUB_ENV;
    if (!githubEnv) throw new Error('GITHUB_ENV is not set (this runs in GitHub Actions)');
    appendFileSync(githubEnv, githubEnvLines({ ...plan.env, SMTP_PROBE_SIGNING: plan.status }));
    writeFileSync(argsFile, plan.args.map((arg) => `${arg}\n`).join(''));
    console.log(plan.status);
    return;
  }
  if (command === 'notes' && rest.length === 2) {
    const [tag = '', dir = ''] = rest;
    const files = readdirSync(dir).sort();
    const statuses = files.filter((name) => /^signing-.*\.txt$/.test(name))
      .map((name) => readFileSync(path.join(dir, name), 'utf8').trim());
    const installers = await Promise.all(files.filter((name) => INSTALLER_PATTERN.test(name))
      .map(async (name) => ({ name, sha256: await sha256File(path.join(dir, name)) })));
    process.stdout.write(releaseNotes(tag, statuses, installers));
    return;
  }
  throw new Error('usage: release-signing.mjs configure <RUNNER_OS> <args-file> | notes <tag> <release-dir>');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

#!/usr/bin/env node
/**
 * Fills the winget manifest templates in .winget/ for one release:
 *
 *   winget-manifest.mjs --version 1.2.3 --release-url https://github.com/OWNER/REPO/releases/download/v1.2.3
 *                       --installers release --out release/winget
 *
 * The NSIS installers in --installers (electron-builder.yml's nsis.artifactName: one per
 * architecture, or one combined installer for all) give each Installers entry its URL and SHA-256.
 * The output folder is what a pull request to microsoft/winget-pkgs adds under
 * manifests/s/SMTPProbe/SMTPProbe/<version>/.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sha256File } from './release-signing.mjs';

export const TEMPLATE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.winget');
export const ARCHITECTURES = ['x64', 'arm64'];

/** @typedef {{ architecture: string, fileName: string, sha256: string }} Installer */
/**
 * @typedef {object} Release
 * @property {string} version
 * @property {string} releaseUrl
 * @property {Installer[]} installers
 * @property {string} [releaseDate]
 * @property {Record<string, string>} [templates]
 */

/**
 * NSIS installers of `version` among `fileNames`, by winget architecture.
 * @param {string[]} fileNames
 * @param {string} version
 * @returns {Map<string, string>}
 */
export function findInstallers(fileNames, version) {
  const escaped = version.replace(/[.+]/g, '\\$&');
  const pattern = new RegExp(`^smtp-probe-setup-${escaped}(?:-(${ARCHITECTURES.join('|')}))?\\.exe$`);
  const found = new Map();
  for (const name of fileNames) {
    const match = pattern.exec(name);
    if (!match) continue;
    // A combined installer (no arch in its name) serves every architecture it was built for.
    for (const arch of match[1] ? [match[1]] : ARCHITECTURES) {
      if (!found.has(arch) || match[1]) found.set(arch, name);
    }
  }
  if (found.size === 0) throw new Error(`no NSIS installer smtp-probe-setup-${version}[-arch].exe found`);
  return found;
}

/** @param {Release} release */
function checkInputs({ version, releaseUrl, installers }) {
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`not a version: ${version}`);
  const url = new URL(releaseUrl);
  if (url.protocol !== 'https:') throw new Error(`the release URL must be https: ${releaseUrl}`);
  if (!/\/releases\/download\/[^/]+$/.test(url.pathname)) throw new Error(`not a GitHub release download URL: ${releaseUrl}`);
  if (installers.length === 0) throw new Error('no installers');
  for (const { architecture, sha256 } of installers) {
    if (!ARCHITECTURES.includes(architecture)) throw new Error(`unknown architecture: ${architecture}`);
    if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  }
}

/**
 * Replaces every {{name}} in `template`; a placeholder without a value is an error.
 * @param {string} template
 * @param {Record<string, string>} values
 */
export function fillTemplate(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, /** @type {string} */ name) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    return value;
  });
}

/**
 * The filled manifests by file name. `installers`: [{ architecture, fileName, sha256 }];
 * `templates`: file name → text (default: the files in .winget/).
 * @param {Release} release
 * @returns {Record<string, string>}
 */
export function fillManifests({ version, releaseUrl, installers, releaseDate, templates = readTemplates() }) {
  checkInputs({ version, releaseUrl, installers });
  const base = releaseUrl.replace(/\/$/, '');
  const values = {
    version,
    releaseDate: releaseDate ?? new Date().toISOString().slice(0, 10),
    repositoryUrl: base.replace(/\/releases\/download\/[^/]+$/, ''),
    installers: installers.map(({ architecture, fileName, sha256 }) => [
      `  - Architecture: ${architecture}`,
      `    InstallerUrl: ${base}/${encodeURIComponent(fileName)}`,
      `    InstallerSha256: ${sha256.toUpperCase()}`,
    ].join('\n')).join('\n'),
  };
  return Object.fromEntries(Object.entries(templates).map(([name, text]) => [name, fillTemplate(text, values)]));
}

/** @returns {Record<string, string>} */
export function readTemplates(dir = TEMPLATE_DIR) {
  return Object.fromEntries(readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort()
    .map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

/**
 * @param {string[]} argv
 * @returns {{ version: string, 'release-url': string, installers: string, out: string, date?: string }}
 */
function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!['version', 'release-url', 'installers', 'out', 'date'].includes(key ?? '') || argv[i + 1] === undefined) {
      throw new Error('usage: winget-manifest.mjs --version X.Y.Z --release-url URL --installers DIR --out DIR [--date YYYY-MM-DD]');
    }
    options[/** @type {string} */ (key)] = /** @type {string} */ (argv[i + 1]);
  }
  const { version, 'release-url': releaseUrl, installers, out, date } = options;
  if (!version || !releaseUrl || !installers || !out) {
    throw new Error('--version, --release-url, --installers and --out are required');
  }
  return { version, 'release-url': releaseUrl, installers, out, ...(date ? { date } : {}) };
}

/** @param {string[]} argv */
async function main(argv) {
  const options = parseArgs(argv);
  const found = findInstallers(readdirSync(options.installers), options.version);
  const installers = await Promise.all([...found].map(async ([architecture, fileName]) => ({
    architecture, fileName, sha256: await sha256File(path.join(options.installers, fileName)),
  })));
  const manifests = fillManifests({ version: options.version, releaseUrl: options['release-url'], installers, releaseDate: options.date });
  mkdirSync(options.out, { recursive: true });
  for (const [name, text] of Object.entries(manifests)) writeFileSync(path.join(options.out, name), text);
  console.log(`winget manifests for ${options.version} in ${options.out}: ${installers.map((i) => `${i.architecture} ${i.fileName}`).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

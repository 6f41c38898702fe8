/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged executable before it is
 * signed (reliability A.10, electronjs.org/docs/latest/tutorial/fuses). Fuses are bits compiled
 * into the binary, so these switches cannot be turned back on by an environment variable or flag:
 *  - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node (CVE-2024-23739);
 *  - NODE_OPTIONS and --inspect* ignored: nobody injects code or attaches a debugger through them;
 *  - the app loads only from its app.asar, whose embedded integrity hash is checked;
 *  - file:// gets no extra privileges (the app uses app://); cookies are encrypted at rest.
 * Plain JavaScript because electron-builder loads hooks with Node, without a TypeScript loader.
 */
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

/** @type {import('@electron/fuses').FuseV1Config} */
export const FUSE_CONFIG = {
  version: FuseVersion.V1,
  // Apple Silicon refuses a binary whose ad-hoc signature no longer matches; signing comes after.
  resetAdHocDarwinSignature: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
};

/**
 * The packaged Electron executable for an afterPack context.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
export function electronExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName ?? name);
}

/**
 * @param {Parameters<typeof electronExecutable>[0]} context
 * @param {typeof flipFuses} flip
 */
export default async function afterPack(context, flip = flipFuses) {
  const executable = electronExecutable(context);
  await flip(executable, FUSE_CONFIG);
  console.log(`  • fuses flipped  file=${executable}`);
}

/**
 * `npm start`: the desktop app where Electron's binary is on this machine, browser mode otherwise.
 * Electron 45 downloads its binary the first time `electron` is launched (node_modules/electron/
 * index.js), which hangs or fails on machines without GitHub access; so the binary is looked up
 * here first (path.txt and the file it names under dist/, electron-binary.ts) and spawned directly:
 * the package is never imported here (ESLint refuses it) and its launcher never run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RENDERER_DIR, runUiCommand } from '../electron/serve/main.ts';
import { electronBinary } from './electron-binary.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Newest modification time of the files below `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The built renderer is missing or older than its sources (renderer/ and the shared/ it imports). */
function rendererStale(): boolean {
  const index = path.join(DEFAULT_RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return true;
  return Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'shared'))) > statSync(index).mtimeMs;
}

function npmRun(script: string): void {
  const result = spawnSync(npm, ['run', script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`npm start: \`npm run ${script}\` failed.\n`);
    process.exit(result.status ?? 1);
  }
}

const binary = electronBinary(path.join(root, 'node_modules', 'electron'));
if (binary) {
  npmRun('build');
  const env = { ...process.env };
  // Would turn the app into a plain Node process.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit', env });
  child.once('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else {
  process.stdout.write("Electron's binary is not downloaded on this machine; opening browser mode instead.\n");
  if (rendererStale()) npmRun('build:renderer');
  process.exitCode = await runUiCommand({ open: true }, process);
}

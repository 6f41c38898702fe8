/**
 * Where Electron's downloaded executable is, found without loading the `electron` package: its
 * index.js and cli.js download the binary on first use (Electron 45), which hangs or fails on
 * machines without GitHub access. ESLint refuses an `electron` import in this file and in start.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The executable named by `<electronDir>/path.txt` under dist/, or undefined when it is not there. */
export function electronBinary(electronDir: string): string | undefined {
  const pathTxt = path.join(electronDir, 'path.txt');
  if (!existsSync(pathTxt)) return undefined;
  const relative = readFileSync(pathTxt, 'utf8').trim();
  const binary = path.join(electronDir, 'dist', relative);
  return relative !== '' && existsSync(binary) ? binary : undefined;
}

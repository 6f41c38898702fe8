/**
 * The JavaScript a built renderer needs for its first screen: the entry module and the modules it
 * imports statically, i.e. the `<script type="module">` and `modulepreload` links of the built
 * index.html (Vite writes one link per static import). Lazy chunks are not among them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FirstScreenScript {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export function firstScreenScripts(outDir: string): FirstScreenScript[] {
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const links = [...html.matchAll(/<(?:script type="module"[^>]*\ssrc|link rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
  return links.map((file) => {
    const code = readFileSync(path.join(outDir, file));
    return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  });
}

export const totalGzip = (scripts: readonly FirstScreenScript[]): number => scripts.reduce((n, s) => n + s.gzipBytes, 0);

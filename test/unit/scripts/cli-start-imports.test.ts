/**
 * What the CLI's commands build when they start: the modules each command's file imports
 * statically (esbuild's metafile of the sources, as scripts/build-cli.mjs bundles them). zod
 * schemas are built when their module is imported, so a module that only declares schemas for
 * reading reports back stays out of a check's start, and `explain` imports no zod at all.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The modules `entry` imports statically, its own and each package's, as paths relative to the root. */
async function staticImports(entry: string): Promise<string[]> {
  const result = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  const inputs = result.metafile.inputs;
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of inputs[file]?.imports ?? []) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) external.add(i.path);
      else queue.push(i.path);
    }
  }
  return [...seen, ...external];
}

it("a check's start builds the request's schema, not the report's, the evidence's, a step result's or the IPC contract's", async () => {
  const imports = await staticImports('electron/cli/check-command.ts');
  expect(imports).toContain('shared/check-request.ts');
  for (const schemas of ['shared/report.ts', 'shared/evidence.ts', 'shared/step-result.ts', 'shared/family-pair.ts', 'shared/ipc/contract.ts']) expect(imports).not.toContain(schemas);
});

it('explain and the argument parsing import no zod, no engine and not the IPC contract', async () => {
  for (const entry of ['electron/cli/main.ts', 'electron/cli/explain-command.ts']) {
    const imports = await staticImports(entry);
    expect(imports, entry).not.toContain('zod');
    expect(imports.filter((f) => f.startsWith('electron/engine/') && f !== 'electron/engine/version.ts'), entry).toEqual([]);
    expect(imports, entry).not.toContain('shared/ipc/contract.ts');
  }
});

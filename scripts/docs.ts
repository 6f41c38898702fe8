/** `npm run docs`: regenerates the generated pages of docs/. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFindingsDoc } from './findings-doc.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await writeFile(path.join(root, 'docs', 'FINDINGS.md'), renderFindingsDoc());
console.log('docs/FINDINGS.md written');

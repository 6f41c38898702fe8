/** The tool's version, from package.json (one source). */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

export const TOOL_VERSION: string = pkg.version;

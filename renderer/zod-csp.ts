/**
 * Reliability A.3: the page runs without 'unsafe-eval'. zod 4 compiles object parsers with
 * `new Function` unless `jitless`, and it probes for that when a schema is created (the probe alone
 * raises a securitypolicyviolation even though zod catches the error). The renderer's build resolves
 * `zod` to this module (vite.config.ts), so jitless is set before any module that imports zod runs,
 * whichever chunk loads it first and whenever: zod stays off the first screen.
 */
import * as z from 'zod/v4';

z.config({ jitless: true });

export * from 'zod/v4';
export { z, z as default };

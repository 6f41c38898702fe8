/**
 * Reliability A.3: the page runs without 'unsafe-eval'. zod 4 compiles object parsers with
 * `new Function` unless `jitless`, and it probes for that when a schema is created, so this must run
 * before any module that defines a schema (main.ts imports it first). The probe alone would raise a
 * securitypolicyviolation even though zod catches the error.
 */
import * as z from 'zod';

z.config({ jitless: true });

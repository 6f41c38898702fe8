/**
 * profiles.json migrations: pure functions from version n to n+1 (reliability D.41). conf's own
 * migrations are documented as having known bugs, so the app keeps its own. Each released
 * version gets a fixture and a test (test/unit/engine/store/profile-migrations.test.ts).
 *
 * Version 0 is the pre-release shape (no schemaVersion; `host`, `tls`, comma-separated `to`),
 * kept to prove the mechanism; version 1 is shared/profile.ts.
 */
import { PROFILE_SCHEMA_VERSION } from '../../../shared/profile.ts';

export interface MigrationContext {
  /** ISO time stamped on migrated profiles that had none. */
  now: string;
  newId: () => string;
}

type Doc = Record<string, unknown>;
export type Migration = (doc: Doc, ctx: MigrationContext) => Doc;

export class MigrationError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** v0 `tls`: "ssl" was implicit TLS, "starttls" required STARTTLS, anything else plain. */
function securityFromV0(tls: unknown): string {
  if (tls === 'ssl') return 'implicit';
  if (tls === 'starttls') return 'starttls';
  return 'none';
}

function v0ToV1(doc: Doc, ctx: MigrationContext): Doc {
  if (!Array.isArray(doc.profiles)) throw new MigrationError('version 0 file without a profiles list');
  const profiles = doc.profiles.map((p, i) => {
    if (!isObject(p)) throw new MigrationError(`version 0 profile #${i + 1} is not an object`);
    const to = typeof p.to === 'string' ? p.to.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];
    const out: Doc = {
      id: typeof p.id === 'string' && UUID.test(p.id) ? p.id : ctx.newId(),
      name: text(p.name) ?? `Profile ${i + 1}`,
      targetKind: 'host',
      target: text(p.host) ?? '',
      security: securityFromV0(p.tls),
      tlsVerify: true,
      family: 0,
      allowPlaintextAuth: false,
      to,
      headers: [],
      timeouts: {},
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    if (typeof p.port === 'number') out.port = p.port;
    if (text(p.user)) out.authUser = text(p.user);
    if (text(p.from)) out.from = text(p.from);
    return out;
  });
  return { schemaVersion: 1, profiles };
}

/** MIGRATIONS[n] turns a version-n document into version n+1. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 0: v0ToV1 };

/** The document's version: its schemaVersion, 0 for the pre-release shape, undefined when unknown. */
export function schemaVersionOf(doc: unknown): number | undefined {
  if (!isObject(doc)) return undefined;
  if (doc.schemaVersion === undefined) return Array.isArray(doc.profiles) ? 0 : undefined;
  return typeof doc.schemaVersion === 'number' && Number.isInteger(doc.schemaVersion) && doc.schemaVersion >= 0 ? doc.schemaVersion : undefined;
}

/** Runs the migrations from the document's version to the current one. Throws MigrationError. */
export function migrateProfilesDoc(doc: unknown, ctx: MigrationContext): { doc: unknown; from: number } {
  const from = schemaVersionOf(doc);
  if (from === undefined) throw new MigrationError('no usable schemaVersion');
  if (from > PROFILE_SCHEMA_VERSION) throw new MigrationError(`schemaVersion ${from} is newer than this version of the app (${PROFILE_SCHEMA_VERSION})`);
  let current = doc as Doc;
  for (let v = from; v < PROFILE_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new MigrationError(`no migration from schemaVersion ${v}`);
    current = step(current, ctx);
  }
  return { doc: current, from };
}

/**
 * File > Export / Import profiles (reliability D.43): the export holds the editable fields only,
 * never ids, passwords or ciphertexts; an import is size-capped, schema-checked entry by entry,
 * gets new ids and unique names, and says which entries it skipped and why.
 */
import { MAX_PAYLOAD_BYTES } from '../../../shared/ipc/contract.ts';
import { PROFILE_SCHEMA_VERSION, profileFieldsSchema } from '../../../shared/profile.ts';
import type { Profile, ProfileFields, ProfilesExport } from '../../../shared/profile.ts';
import { StoreError } from './store-error.ts';

export const EXPORT_FORMAT = 'smtp-probe-profiles';
export const MAX_IMPORT_PROFILES = 1000;

/** The editable fields of a profile: what an export carries (no id, timestamps, builtIn marker). */
export function fieldsOf(profile: Profile): ProfileFields {
  const { id: _id, createdAt: _c, updatedAt: _u, builtIn: _b, ...fields } = profile;
  return fields;
}

export function exportProfiles(profiles: Profile[], now: Date): string {
  const doc: ProfilesExport = { format: EXPORT_FORMAT, schemaVersion: PROFILE_SCHEMA_VERSION, exportedAt: now.toISOString(), profiles: profiles.map(fieldsOf) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** "name", or "name (2)", "name (3)"... whichever is not taken yet (case-insensitive). */
export function uniqueName(name: string, taken: Set<string>): string {
  const base = name.replace(/ \(\d+\)$/, '');
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})`.slice(0, 128);
  return candidate;
}

export interface ImportResult {
  fields: ProfileFields[];
  skipped: { name: string; reason: string }[];
}

/**
 * Parses an export. Throws StoreError EINVALID when the file as a whole is unusable; entries that
 * fail the schema are skipped with a reason. Names are made unique against `existingNames`.
 */
export function parseImport(json: string, existingNames: string[]): ImportResult {
  if (Buffer.byteLength(json, 'utf8') > MAX_PAYLOAD_BYTES) throw new StoreError('EINVALID', 'The file is larger than 1 MB; profile exports are much smaller', 'json');
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new StoreError('EINVALID', 'The file is not valid JSON', 'json');
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== EXPORT_FORMAT) {
    throw new StoreError('EINVALID', 'This is not an SMTP Probe profile export (format "smtp-probe-profiles" expected)', 'json');
  }
  const { schemaVersion, profiles } = doc as { schemaVersion?: unknown; profiles?: unknown };
  if (schemaVersion !== PROFILE_SCHEMA_VERSION) {
    throw new StoreError('EINVALID', `The export has schema version ${String(schemaVersion)}; this version of the app reads ${PROFILE_SCHEMA_VERSION}`, 'json');
  }
  if (!Array.isArray(profiles)) throw new StoreError('EINVALID', 'The export has no profiles list', 'json');
  if (profiles.length > MAX_IMPORT_PROFILES) throw new StoreError('EINVALID', `At most ${MAX_IMPORT_PROFILES} profiles per import`, 'json');

  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  const out: ImportResult = { fields: [], skipped: [] };
  profiles.forEach((entry: unknown, i) => {
    const rawName = typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string' ? ((entry as { name: string }).name.slice(0, 128) || `#${i + 1}`) : `#${i + 1}`;
    const r = profileFieldsSchema.safeParse(entry);
    if (!r.success) {
      const issue = r.error.issues[0];
      out.skipped.push({ name: rawName, reason: issue ? `${issue.path.map(String).join('.') || 'profile'}: ${issue.message}` : 'invalid profile' });
      return;
    }
    const name = uniqueName(r.data.name, taken);
    taken.add(name.toLowerCase());
    out.fields.push({ ...r.data, name });
  });
  return out;
}

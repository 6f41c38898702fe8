/**
 * settings.json: the user's choices about the app itself (not about a server), shared by every host
 * on the data folder like the profiles. Today one: the welcome notice was dismissed for good.
 * Written atomically under `settings.json.lock` (one writer across processes); a missing or damaged
 * file reads as the defaults, so it can never keep the app from starting.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from './atomic-file.ts';
import { withFileLock } from './file-lock.ts';

export const SETTINGS_FILE = 'settings.json';

const settingsSchema = z.object({
  schemaVersion: z.literal(1),
  welcomeDismissed: z.boolean().optional(),
});
export type AppSettings = Omit<z.infer<typeof settingsSchema>, 'schemaVersion'>;

export class SettingsStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE);
  }

  /** The settings as saved now (another process may have changed them). */
  async read(): Promise<AppSettings> {
    const raw = await fsp.readFile(this.file, 'utf8').catch(() => undefined);
    if (raw === undefined) return {};
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return {};
      const { schemaVersion: _v, ...settings } = parsed.data;
      return settings;
    } catch {
      return {};
    }
  }

  /** Merges `change` into what is saved now, under the lock, and returns the result. */
  async update(change: AppSettings): Promise<AppSettings> {
    return withFileLock(this.file, async () => {
      const next = { ...(await this.read()), ...change };
      await writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, ...next }, null, 2)}\n`);
      return next;
    });
  }
}

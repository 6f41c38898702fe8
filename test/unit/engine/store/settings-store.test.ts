/** settings.json: defaults when missing or damaged, merged updates. */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_FILE, SettingsStore } from '../../../../electron/engine/store/settings-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-settings-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('reads the defaults when there is no file, and what another store wrote after an update', async () => {
    expect(await new SettingsStore(dir).read()).toEqual({});
    await new SettingsStore(dir).update({ welcomeDismissed: true });
    expect(await new SettingsStore(dir).read()).toEqual({ welcomeDismissed: true });
    expect(JSON.parse(await fsp.readFile(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ schemaVersion: 1, welcomeDismissed: true });
  });

  it('a damaged or unknown file reads as the defaults and is replaced by the next update', async () => {
    const file = path.join(dir, SETTINGS_FILE);
    for (const text of ['{not json', '{"schemaVersion":9,"welcomeDismissed":true}', '[]']) {
      await fsp.writeFile(file, text);
      expect(await new SettingsStore(dir).read()).toEqual({});
    }
    expect(await new SettingsStore(dir).update({ welcomeDismissed: true })).toEqual({ welcomeDismissed: true });
    expect(await new SettingsStore(dir).read()).toEqual({ welcomeDismissed: true });
  });
});

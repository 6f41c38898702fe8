/**
 * A second process on the same data folder, run with `node --import tsx`: opens the stores, says
 * "ready", waits for "go" on stdin, then saves its own profiles (or passwords) `count` times,
 * cycling through `own` of them, each save with a new value. Prints "done" and exits 0.
 * argv: <dataDir> <profiles|secrets> <tag> <count> <own> [<id>...]
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { ProfilesStore } from '../../../../electron/engine/store/profiles-store.ts';
import { SecretVault } from '../../../../electron/engine/store/secrets.ts';
import { emptyProfileFields, type Profile } from '../../../../shared/profile.ts';
import { TEST_BINDING, xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

const [dataDir = '', kind = '', tag = '', countText = '0', ownText = '0', ...ids] = process.argv.slice(2);
const count = Number(countText);
const own = Number(ownText);

async function go(): Promise<void> {
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
}

async function saveProfiles(): Promise<void> {
  const store = await ProfilesStore.open({ dataDir });
  const mine: Profile[] = Array.from({ length: own }, (_, k) => {
    const now = new Date().toISOString();
    return { ...emptyProfileFields(), id: randomUUID(), name: `${tag} ${k}`, target: 'mail.example.com', targetKind: 'host', createdAt: now, updatedAt: now };
  });
  await go();
  for (let i = 0; i < count; i++) {
    const k = i % own;
    const previous = mine[k]!;
    const next: Profile = { ...previous, subject: `${tag}-${i}`, updatedAt: new Date().toISOString() };
    // The first save of each creates it; later ones say which version they change.
    await store.put(next, i < own ? undefined : previous.updatedAt);
    mine[k] = next;
  }
}

async function saveSecrets(): Promise<void> {
  const vault = await SecretVault.open({ dataDir, store: xorSecretStore() });
  await go();
  for (let i = 0; i < count; i++) await vault.set(ids[i % own]!, `${tag}-${i}`, TEST_BINDING);
}

await (kind === 'profiles' ? saveProfiles() : saveSecrets());
process.stdout.write('done\n');
process.stdin.destroy();

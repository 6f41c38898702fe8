/**
 * Browser mode (`smtp-probe ui`, memory secrets) on the desktop app's data folder: the README says
 * a save of one never overwrites the other's, so the desktop's encrypted passwords must survive
 * whatever browser mode saves there. Real service tables on one real folder.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createServiceHandlers, memorySecretStore, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { serviceFolder, value } from '../../../helpers/service-table.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

const CANARY = 'Canary-7c1d-Canary-7c1d';
const folder = serviceFolder('smtp-probe-browser-desktop-');
const desktop = (): ServiceHandlers => folder.keep(createServiceHandlers({ dataDir: folder.dir, secrets: xorSecretStore(), host: 'electron', emit: () => undefined }));
const browser = (): ServiceHandlers => folder.keep(createServiceHandlers({ dataDir: folder.dir, secrets: memorySecretStore(), host: 'browser', emit: () => undefined }));
const fields = (name: string) => ({ ...emptyProfileFields(), name, target: 'mail.example.com', targetKind: 'host' as const, authUser: 'me@example.com' });
const secretsFile = () => fsp.readFile(path.join(folder.dir, 'secrets.json'), 'utf8');

it("browser mode's saves leave the desktop's secrets.json as it was, and the desktop keeps its passwords", async () => {
  const app = desktop();
  const office = value(await app['profiles/save']({ fields: fields('Office'), password: CANARY }));
  const before = await secretsFile();

  const ui = browser();
  value(await ui['profiles/save']({ fields: fields('Typed in the browser'), password: `${CANARY}-ui` }));
  value(await ui['profiles/save']({ id: office.id, fields: { ...fields('Office (renamed)') }, expectedUpdatedAt: office.updatedAt }));

  expect(await secretsFile()).toBe(before);
  expect(await secretsFile()).not.toContain(`${CANARY}-ui`);
  const again = value(await desktop()['profiles/list']({}));
  expect(again.find((p) => p.id === office.id)).toMatchObject({ name: 'Office (renamed)', hasPassword: true });
});

it("a profile deleted in browser mode takes the desktop's stored password with it; the others stay", async () => {
  const app = desktop();
  const office = value(await app['profiles/save']({ fields: fields('Office'), password: CANARY }));
  const branch = value(await app['profiles/save']({ fields: fields('Branch'), password: `${CANARY}-branch` }));

  value(await browser()['profiles/delete']({ id: office.id }));

  const secrets = Object.keys((JSON.parse(await secretsFile()) as { secrets: Record<string, unknown> }).secrets);
  expect(secrets).not.toContain(office.id);
  expect(secrets).toContain(branch.id);
  const again = value(await desktop()['profiles/list']({}));
  expect(again.find((p) => p.id === office.id)).toBeUndefined();
  expect(again.find((p) => p.id === branch.id)).toMatchObject({ hasPassword: true });
});

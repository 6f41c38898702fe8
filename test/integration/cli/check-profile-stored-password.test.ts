/**
 * README "Your data": saved passwords are used only by the desktop app; the CLI takes the password
 * from the environment or standard input. A profile is saved through the desktop service with the
 * right password for a real server (smtp-server, STARTTLS, private CA) on loopback; `check
 * --profile` then never logs in with it: without a password it is refused before anything is sent,
 * with a wrong one the server refuses that one, and secrets.json is neither opened nor changed.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createServiceHandlers } from '../../../electron/engine/service/index.ts';
import { fileStamp } from '../../../electron/engine/store/atomic-file.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_SERVER } from '../../helpers/dns-peer.ts';
import { CANARY, CANARY_USER, goodFields, startGoodServer, type GoodServer } from '../../helpers/retarget.ts';
import { serviceFolder, value } from '../../helpers/service-table.ts';
import { xorSecretStore } from '../../unit/engine/store/xor-secret-store.ts';

let good: GoodServer;
const folder = serviceFolder('smtp-probe-cli-stored-');
/** Every path the process opened or read while a CLI run was going on. */
let touched: string[];

beforeAll(async () => {
  good = await startGoodServer();
});
afterAll(async () => {
  await good.close();
});
beforeEach(async () => {
  const service = folder.keep(createServiceHandlers({ dataDir: folder.dir, secrets: xorSecretStore(), emit: () => {}, host: 'electron', runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } }));
  const fields = { ...goodFields(good), name: 'Office relay', dnsServer: DNS_PEER_SERVER, from: 'me@good.test', to: ['you@good.test'] };
  expect(value(await service['profiles/save']({ fields, password: CANARY })).hasPassword).toBe(true);
  touched = [];
  // Pass-through recorders: the files are really read, the paths are noted.
  for (const name of ['open', 'readFile'] as const) {
    const real = fsp[name].bind(fsp) as (...args: unknown[]) => Promise<unknown>;
    vi.spyOn(fsp, name).mockImplementation(((...args: unknown[]) => {
      touched.push(String(args[0]));
      return real(...args);
    }) as never);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

const check = (extra: string[], env: Record<string, string> = {}) => runCli(['check', '--profile', 'Office relay', '--data-dir', folder.dir, '--no-public-ip', '--json', ...extra], { env });
const secretsFile = () => path.join(folder.dir, 'secrets.json');
const openedSecrets = () => touched.filter((p) => path.basename(p) === 'secrets.json');

it('without a password given, the stored one is not used: refused before anything is sent', async () => {
  const before = { text: await fsp.readFile(secretsFile(), 'utf8'), stamp: await fileStamp(secretsFile()) };
  touched = [];
  const run = await check([]);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toMatch(/needs a password/);
  expect(good.logins).toEqual([]);
  // The CLI did read the profiles (the recorder works) but never secrets.json.
  expect(touched.some((p) => path.basename(p) === 'profiles.json')).toBe(true);
  expect(openedSecrets()).toEqual([]);
  expect({ text: await fsp.readFile(secretsFile(), 'utf8'), stamp: await fileStamp(secretsFile()) }).toEqual(before);
}, 60_000);

it('a wrong password from the environment is the one sent: the server refuses it, the stored one is never tried', async () => {
  const run = await check(['--auth-password-env', 'PROFILE_PASSWORD'], { PROFILE_PASSWORD: 'not-the-stored-one' });
  const report = runReportSchema.parse(JSON.parse(run.stdout));
  expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('fail');
  expect(good.logins).toEqual([]);
  expect(openedSecrets()).toEqual([]);
  expect(`${run.stdout}${run.stderr}`).not.toContain(CANARY);
}, 60_000);

it('the right password from the environment logs in (the profile and server are right)', async () => {
  const run = await check(['--auth-password-env', 'PROFILE_PASSWORD'], { PROFILE_PASSWORD: CANARY });
  const report = runReportSchema.parse(JSON.parse(run.stdout));
  expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('pass');
  expect(good.logins).toEqual([CANARY_USER]);
  expect(openedSecrets()).toEqual([]);
  good.logins.length = 0;
}, 60_000);

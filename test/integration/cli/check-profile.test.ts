/**
 * `smtp-probe check --profile NAME`: a profile saved in the data folder the app uses runs from
 * the command line against the built-in server, with the password from the environment; flags
 * that would change the profile's target are refused before anything is sent.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/engine/sandbox/index.ts';
import { ProfilesStore } from '../../../electron/engine/store/profiles-store.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { emptyProfileFields, type Profile } from '../../../shared/profile.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';

let dir: string;
let sandbox: Sandbox;
const received: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-cli-profile-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), smtpPort: 0, tlsPort: 0, onEvent: (e) => e.type === 'message' && received.push(JSON.stringify(e)) });
  const now = new Date().toISOString();
  const profile: Profile = {
    ...emptyProfileFields(),
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    name: 'Office relay',
    targetKind: 'host',
    target: '127.0.0.1',
    port: sandbox.smtpPort,
    security: 'starttls',
    caPem: sandbox.certificatePem,
    ehloName: 'client.smtp-probe.test',
    authUser: sandbox.credentials.user,
    from: 'me@sandbox.smtp-probe.test',
    to: ['you@sandbox.smtp-probe.test'],
    subject: 'from a saved profile',
    // DNS questions (the PTR of 127.0.0.1) go to the loopback DNS peer, never to the system's resolvers.
    dnsServer: '127.0.0.1:5300',
  };
  const store = await ProfilesStore.open({ dataDir: path.join(dir, 'data') });
  await store.put(profile);
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

const data = () => ['--data-dir', path.join(dir, 'data'), '--no-public-ip'];

it('runs the saved profile end to end: STARTTLS with its CA, AUTH with the password from the environment, the message sent', async () => {
  const before = received.length;
  const run = await runCli(['check', '--profile', 'office relay', ...data(), '--auth-password-env', 'PROFILE_PASSWORD', '--json'], { env: { PROFILE_PASSWORD: sandbox.credentials.password } });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(EXIT_CODES.ok);
  const report = runReportSchema.parse(JSON.parse(run.stdout));
  for (const id of ['starttls', 'auth', 'data'] as const) expect(report.steps.find((s) => s.id === id)?.status).toBe('pass');
  expect(received.length).toBe(before + 1);
  expect(received.at(-1)).toContain('from a saved profile');
  expect(run.stdout).not.toContain(sandbox.credentials.password);
}, 60_000);

it('a profile with a user name needs the password: none given and nothing on standard input is refused, nothing sent', async () => {
  const before = received.length;
  const run = await runCli(['check', '--profile', 'Office relay', ...data()]);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toMatch(/needs a password/);
  expect(received.length).toBe(before);
});

it('an unknown name lists the saved profiles', async () => {
  const run = await runCli(['check', '--profile', 'Nope', ...data()]);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toMatch(/no profile named "Nope"/);
  expect(run.stderr).toContain('"Office relay"');
});

it.each([
  [['--server', '127.0.0.1:25'], '--server'],
  [['--to', 'other@example.net'], '--to'],
  [['--no-tls-verify'], '--no-tls-verify'],
  [['example.com'], '--profile'],
])('%s with --profile is refused: the profile says where to connect', async (extra, flag) => {
  const run = await runCli(['check', '--profile', 'Office relay', ...data(), ...extra]);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toContain(`${flag}:`);
});

it('the built-in test server profile points to the sandbox command instead', async () => {
  const run = await runCli(['check', '--profile', 'Local test server', ...data()]);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toMatch(/smtp-probe sandbox/);
});

it('--data-dir without --profile is refused', async () => {
  const run = await runCli(['check', '--server', '127.0.0.1:25', '--data-dir', dir]);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toMatch(/--data-dir: goes with --profile/);
});

/** One PEM test: the profile, the check request, the engine and the CLI's --ca take and refuse the same texts. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFromFlags } from '../../../electron/cli/check-command.ts';
import { validateSmtpRunOptions } from '../../../electron/engine/smtp/run-options.ts';
import { createTranscript } from '../../../electron/engine/transcript.ts';
import { checkRequestSchema } from '../../../shared/check-request.ts';
import { emptyProfileFields, profileFieldsSchema } from '../../../shared/profile.ts';
import { runOptions } from '../../helpers/direct-connection.ts';

const BLOCK = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----';
const CASES: Array<[string, string, boolean]> = [
  ['a certificate block', BLOCK, true],
  ['a block after openssl attributes', `Bag Attributes\n    friendlyName: ca\n${BLOCK}\n`, true],
  ['a BEGIN line without its END', '-----BEGIN CERTIFICATE-----\nMIIBtest\n', false],
  ['no certificate at all', 'not a certificate', false],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'probe-pem-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cliTakes(text: string): Promise<boolean> {
  const file = path.join(dir, `${crypto.randomUUID()}.pem`);
  await writeFile(file, text);
  const flags = { server: '127.0.0.1', tlsVerify: true, ca: [file], to: [], header: [], publicIpResolver: [], publicIp: false, color: false, ehlo: 'c.test' };
  return requestFromFlags(undefined, flags).then(
    () => true,
    () => false,
  );
}

describe('PEM certificates', () => {
  it.each(CASES)('%s: the same answer everywhere', async (_name, text, ok) => {
    expect(profileFieldsSchema.safeParse({ ...emptyProfileFields(), name: 'p', caPem: text }).success, 'profile').toBe(ok);
    expect(checkRequestSchema.safeParse({ server: '127.0.0.1', security: 'none', ehloName: 'c.test', ca: [text] }).success, 'check request').toBe(ok);
    expect(validateSmtpRunOptions(runOptions({ host: '127.0.0.1', port: 25, security: 'none', ehloName: 'c.test', ca: [text], transcript: createTranscript() })).length === 0, 'engine').toBe(ok);
    expect(await cliTakes(text), 'CLI --ca').toBe(ok);
  });
});

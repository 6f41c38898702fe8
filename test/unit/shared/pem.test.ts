/** One PEM test: the profile, the check request, the engine and the CLI's --ca take and refuse the same texts. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFromFlags } from '../../../electron/cli/check-command.ts';
import { validateSmtpRunOptions } from '../../../electron/engine/smtp/run-options.ts';
import { createTranscript } from '../../../electron/engine/transcript.ts';
import { checkRequestSchema } from '../../../shared/check-request.ts';
import { emptyProfileFields, profileFieldsSchema } from '../../../shared/profile.ts';
import { runOptions } from '../../helpers/direct-connection.ts';
import { testCerts } from '../../helpers/test-certs.ts';

const BLOCK = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----';
const CASES: Array<[string, string, boolean]> = [
  ['a certificate block', BLOCK, true],
  // Windows: a PEM pasted from Notepad or read from a file saved there has CRLF line ends.
  ['a block with CRLF line ends', `${BLOCK.replace(/\n/g, '\r\n')}\r\n`, true],
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

describe('a CA pasted with CRLF line ends (Windows)', () => {
  it('verifies the server it signed, as the engine passes it to TLS (run-smtp: ca as given)', async () => {
    const certs = await testCerts();
    const server = tls.createServer({ key: certs.good.key, cert: certs.good.cert }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const crlfCa = certs.ca.cert.replace(/\r?\n/g, '\r\n');
    expect(crlfCa).toContain('\r\n');
    try {
      const authorized = await new Promise<boolean>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: [crlfCa] }, () => {
          resolve(socket.authorized);
          socket.destroy();
        });
        socket.once('error', reject);
      });
      expect(authorized).toBe(true);
    } finally {
      server.close();
    }
  });
});

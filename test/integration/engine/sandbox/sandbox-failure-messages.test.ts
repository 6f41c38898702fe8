/**
 * The built-in server's error and notice texts reach the page (service/guard.ts toFailure, sandbox
 * events) and the terminal: each real way a start can fail is tried with a stored password, and
 * no text carries it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toFailure } from '../../../../electron/engine/service/guard.ts';
import { SandboxError, startSandbox } from '../../../../electron/engine/sandbox/index.ts';
import type { SandboxEvent } from '../../../../electron/engine/sandbox/index.ts';
import { tempDir } from './sandbox-fixture.ts';

const PASSWORD = 'Canary-9f3e-Canary-9f3e';
const stored = JSON.stringify({ version: 1, user: 'probe-abcdef', password: PASSWORD, createdAt: '2030-01-01T00:00:00Z' });
const busy: net.Server[] = [];

afterEach(async () => {
  for (const server of busy.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function busyPort(): Promise<number> {
  const server = net.createServer();
  busy.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Starts a sandbox on a prepared data folder and returns what the page and the log would see. */
async function failedStart(prepare: (dataDir: string) => Promise<{ dataDir: string; smtpPort?: number }>): Promise<{ code: string; texts: string[] }> {
  const base = await tempDir();
  const { dataDir, smtpPort = 0 } = await prepare(base);
  const events: SandboxEvent[] = [];
  const error = await startSandbox({ dataDir, smtpPort, tlsPort: 0, onEvent: (e) => events.push(e) }).then(
    async (s) => {
      await s.close();
      throw new Error('the start was expected to fail');
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SandboxError);
  const failure = toFailure('sandbox/start', error);
  return { code: (error as SandboxError).code, texts: [JSON.stringify(failure), JSON.stringify((error as SandboxError).toInfo()), JSON.stringify(events)] };
}

describe('sandbox failure texts hold no password', () => {
  it.each([
    ['a busy port', 'EADDRINUSE', async (dir: string) => {
      await writeFile(join(dir, 'sandbox.json'), stored);
      return { dataDir: dir, smtpPort: await busyPort() };
    }],
    ['a data folder that is a file', 'EDATADIR', async (dir: string) => {
      await writeFile(join(dir, 'file'), stored);
      return { dataDir: join(dir, 'file') };
    }],
    ['an unreadable credentials file', 'ECREDENTIALS', async (dir: string) => {
      await mkdir(join(dir, 'sandbox.json'));
      return { dataDir: dir };
    }],
    ['an unreadable key', 'ECERT', async (dir: string) => {
      await writeFile(join(dir, 'sandbox.json'), stored);
      await mkdir(join(dir, 'sandbox-key.pem'));
      return { dataDir: dir };
    }],
  ])('%s: %s, and neither the result, the error nor an event quotes the password', async (_what, code, prepare) => {
    const { code: got, texts } = await failedStart(prepare);
    expect(got).toBe(code);
    for (const text of texts) expect(text).not.toContain('Canary');
  });

  it('a damaged credentials file is replaced, and the notice says why without quoting it', async () => {
    const dataDir = await tempDir();
    // One character short of JSON: the parser's own message would quote the text around it.
    await writeFile(join(dataDir, 'sandbox.json'), `{"version":1,"user":"probe-abcdef","password":${PASSWORD}"}`);
    const events: SandboxEvent[] = [];
    const sandbox = await startSandbox({ dataDir, smtpPort: 0, tlsPort: 0, onEvent: (e) => events.push(e) });
    await sandbox.close();
    expect(events).toContainEqual(expect.objectContaining({ type: 'notice', text: expect.stringMatching(/^New sandbox credentials: sandbox\.json is not valid JSON/) }));
    expect(JSON.stringify(events)).not.toContain('Canary');
  });
});

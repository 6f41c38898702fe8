/**
 * `smtp-probe check --transcript FILE` writes the report readable by its owner only (0600), also
 * over a file that existed 0644 (the mode is set before the text goes in). The server is a
 * loopback port with nothing listening: the run fails at connect, and the report is still written.
 */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-transcript-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A loopback port nobody listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(process.platform === 'win32')('--transcript file mode', () => {
  it.each([
    ['a new file', false],
    ['an existing 0644 file', true],
  ])('%s ends up 0600 with the report in it', async (_name, existed) => {
    const file = path.join(dir, 'ticket.txt');
    if (existed) {
      await writeFile(file, 'old');
      await chmod(file, 0o644);
    }
    const port = await closedPort();
    await runCli(['check', '--server', `127.0.0.1:${port}`, '--tls', 'none', '--no-public-ip', '--dns-server', '127.0.0.1:5300', '--transcript', file]);
    expect(await readFile(file, 'utf8')).toContain(`127.0.0.1`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

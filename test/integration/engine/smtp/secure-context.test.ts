/**
 * The connection's TLS context (electron/engine/smtp/secure-context.ts) against real TLS servers on
 * loopback: an extra CA is trusted, it stays in its own context, the roots a default context trusts
 * are kept beside it, and the fallback through the `ca` option trusts the same.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { secureContextWith } from '../../../../electron/engine/smtp/secure-context.ts';
import { testCerts, type TestCerts } from '../../../helpers/test-certs.ts';

let certs: TestCerts;
let server: tls.Server;
let port: number;
let work: string;

beforeAll(async () => {
  certs = await testCerts();
  server = tls.createServer({ ...certs.good }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  work = await mkdtemp(path.join(os.tmpdir(), 'secure-context-'));
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (work) await rm(work, { recursive: true, force: true });
});

/** Whether a handshake with `context` verifies the server's certificate (signed by certs.ca). */
function verifies(context: tls.SecureContext): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext: context, rejectUnauthorized: false }, () => {
      resolve(socket.authorized);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

it('trusts an extra CA', async () => {
  expect(await verifies(secureContextWith([certs.ca.cert]))).toBe(true);
});

it('the extra CA stays in its own context: a context without it does not trust that CA', async () => {
  expect(await verifies(secureContextWith([certs.ca.cert]))).toBe(true);
  expect(await verifies(secureContextWith([]))).toBe(false);
  expect(await verifies(tls.createSecureContext())).toBe(false);
});

it('another CA alone does not make the server trusted', async () => {
  expect(await verifies(secureContextWith([certs.rsaCa.cert]))).toBe(false);
});

// A child process whose default roots are the test CA alone (--use-openssl-ca reads them from
// SSL_CERT_FILE; without the flag they are Node's bundled roots, copied by the same code).
it('keeps the roots a default context trusts beside the extra CA', async () => {
  const file = path.join(work, 'roots.pem');
  await writeFile(file, certs.ca.cert);
  const script = [
    "import tls from 'node:tls';",
    "import { secureContextWith } from './electron/engine/smtp/secure-context.ts';",
    `const context = secureContextWith([${JSON.stringify(certs.rsaCa.cert)}]);`,
    `const socket = tls.connect({ host: '127.0.0.1', port: ${port}, servername: 'localhost', secureContext: context, rejectUnauthorized: false }, () => { console.log(socket.authorized); socket.destroy(); });`,
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['--use-openssl-ca', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: path.resolve(import.meta.dirname, '../../../..'),
    env: { ...process.env, SSL_CERT_FILE: file },
  });
  expect(stdout.trim()).toBe('true');
});

it('where a context has no native half to add to, it falls back to the `ca` option, which trusts the extra CA too', async () => {
  const spy = vi.spyOn(tls, 'createSecureContext').mockImplementationOnce(() => ({}) as tls.SecureContext);
  let context: tls.SecureContext;
  try {
    context = secureContextWith([certs.ca.cert]);
    expect(spy).toHaveBeenCalledTimes(2);
  } finally {
    spy.mockRestore();
  }
  expect(await verifies(context)).toBe(true);
});

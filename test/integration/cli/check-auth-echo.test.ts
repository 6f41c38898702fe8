/**
 * A server that echoes the AUTH data back (raw, base64, decoded, URL-encoded, in
 * 334 and 535 replies) against the real CLI. The terminal transcript, --json and every
 * --transcript format must hold no form of the password, the PLAIN blob or the CRAM-MD5 response,
 * while the user name stays visible. All three mechanisms run over STARTTLS with a verified
 * certificate, so no AUTH policy is in the way.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { CANARY, ECHO_USER, expectNoSecret, leakedForms, startEchoAuthServer, type EchoAuthServer } from '../../helpers/echo-auth-server.ts';

// DNS questions (PTR of 127.0.0.1) go to a loopback port, never to the system's resolvers.
const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
const ENV = { PROBE_ECHO_PASSWORD: CANARY };
let dir: string;
let caFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-echo-'));
  caFile = path.join(dir, 'ca.pem');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(echo: EchoAuthServer, mechanism: string, extra: string[]) {
  await writeFile(caFile, echo.ca);
  const args = ['check', '--server', `127.0.0.1:${echo.server.port}`, '--tls', 'starttls', '--ca', caFile, '--ehlo', 'client.test', ...DNS];
  return runCli([...args, '--auth-user', ECHO_USER, '--auth-password-env', 'PROBE_ECHO_PASSWORD', '--auth-mech', mechanism, ...extra], { env: ENV });
}

describe('smtp-probe check against a server that echoes the AUTH data', () => {
  for (const mechanism of ['PLAIN', 'LOGIN', 'CRAM-MD5']) {
    it(`AUTH ${mechanism}: the terminal, --json and every --transcript format hold no form of the secret`, async () => {
      const echo = await startEchoAuthServer();
      try {
        for (const [format, json] of [['txt', false], ['md', true], ['html', false], ['json', true]] as const) {
          const file = path.join(dir, `${mechanism}.${format}`);
          const result = await check(echo, mechanism, [...(json ? ['--json'] : []), '--transcript', file]);
          expect(result.code).toBe(EXIT_CODES.auth);
          // The echo reached the client: the server's AUTH data and its 535 are in the output, scrubbed.
          expect(echo.server.lines.some((l) => l.startsWith('TLS: AUTH '))).toBe(true);
          expect(result.stdout).toMatch(/535.5\.7\.8 decoded: .*\[redacted\]/);
          const forms = leakedForms(CANARY, echo.pieces);
          expectNoSecret(result.stdout, forms, `${mechanism} ${json ? '--json' : 'terminal'}`);
          expectNoSecret(result.stderr, forms, `${mechanism} stderr`);
          const written = await readFile(file, 'utf8');
          expectNoSecret(written, forms, `${mechanism} --transcript .${format}`);
          if (format !== 'json') expect(written).toMatch(/Credentials/);
          if (json) expect(runReportSchema.parse(JSON.parse(result.stdout)).request.authUser).toBe(ECHO_USER);
          expect(written).not.toMatch(/redacted \d+ bytes/);
        }
      } finally {
        await echo.close();
      }
    });
  }

  it('a 235 that quotes the PLAIN blob: the password is gone, the user name and an envelope equal to it are shown as sent', async () => {
    const echo = await startEchoAuthServer({ accept: true });
    try {
      const result = await check(echo, 'PLAIN', ['--from', ECHO_USER, '--to', ECHO_USER, '--subject', 'echo']);
      expect(result.code).toBe(EXIT_CODES.ok);
      expectNoSecret(result.stdout, leakedForms(CANARY, echo.pieces), 'PLAIN accepted');
      expect(result.stdout).toContain(`-> MAIL FROM:<${ECHO_USER}>`);
      expect(result.stdout).toContain(`-> RCPT TO:<${ECHO_USER}>`);
      expect(result.stdout).toMatch(new RegExp(`<- 235 2\\.7\\.0 welcome +${ECHO_USER.replace(/\./g, '\\.')} \\[redacted\\] \\(\\[redacted\\]\\)`));
    } finally {
      await echo.close();
    }
  });
});

/**
 * AUTH NTLM in the real UI against a real server that offers only NTLM (test/helpers/ntlm-server.ts,
 * as an Exchange receive connector with Integrated Windows Authentication): the profile editor
 * offers NTLM with its explanation, Run all logs in as DOMAIN\user and sends, and neither the page
 * nor the saved run holds the password or the AUTHENTICATE message the server received.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { startNtlmServer, type NtlmServer } from '../helpers/ntlm-server.ts';
import { testCerts } from '../helpers/test-certs.ts';
import { REPORT_FORMATS } from '../../shared/report-format.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const USER = 'EXAMPLE\\alice';
const PASSWORD = 'Winter-2026-Ntlm!';
const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'AUTH NTLM in the UI', () => {
  let app: E2eApp;
  let server: NtlmServer;
  let profileId: string;

  beforeAll(async () => {
    const certs = await testCerts();
    server = await startNtlmServer({ accounts: { [USER]: PASSWORD }, certs: certs.good });
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    const saved = await app.service!['profiles/save']({
      fields: {
        name: 'Exchange NTLM',
        targetKind: 'host',
        target: '127.0.0.1',
        port: server.port,
        security: 'starttls',
        tlsVerify: true,
        caPem: certs.ca.cert,
        ehloName: 'client.smtp-probe.test',
        family: 4,
        authUser: USER,
        authMechanism: 'NTLM',
        allowPlaintextAuth: false,
        from: 'alice@example.test',
        to: ['bob@example.test'],
        headers: [],
        timeouts: {},
      },
      password: PASSWORD,
    });
    if (!saved.ok) throw new Error(saved.error.message);
    profileId = saved.value.id;
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('the profile editor shows NTLM chosen, with what it is and which names it takes', async () => {
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Exchange NTLM/ }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Profile settings' });
    const hint = form.getByText(/Integrated Windows Authentication/);
    await hint.waitFor();
    await hint.scrollIntoViewIfNeeded();
    expect(await form.innerText()).toMatch(/Mechanism\s+NTLM\s/);
    expect(await form.getByRole('textbox', { name: 'User name' }).inputValue()).toBe(USER);
    await app.screenshot('ntlm-01-profile');
  });

  it('Run all logs in with NTLM as DOMAIN\\user and sends; the page holds no secret', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Wizard' }).click();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
    const auth = page.getByRole('article', { name: 'Auth', exact: true });
    await auth.scrollIntoViewIfNeeded();
    await app.screenshot('ntlm-02-run');
    expect(await auth.getByTestId('group-status').innerText(), await auth.innerText()).toBe('pass');
    expect(await auth.innerText()).toContain(`Authenticated as ${USER} with NTLM`);
    expect(server.attempts.map((a) => [a.domain, a.user])).toEqual([['EXAMPLE', 'alice']]);
    expect(server.messages).toHaveLength(1);
    const html = await page.content();
    expect(html).toContain('AUTH NTLM [redacted]');
    expect(html).not.toContain(PASSWORD);
    expect(html).not.toContain(server.attempts[0]!.base64.slice(0, 40));
  });

  it('every export of the run holds no secret', async () => {
    const runs = await app.service!['runs/list']({ profileId });
    if (!runs.ok) throw new Error(runs.error.message);
    for (const format of REPORT_FORMATS) {
      const out = await app.service!['export/render']({ profileId, runId: runs.value[0]!.runId, format });
      if (!out.ok) throw new Error(out.error.message);
      expect(out.value.text, format).toContain('NTLM');
      expect(out.value.text, format).not.toContain(PASSWORD);
      expect(out.value.text, format).not.toContain(server.attempts[0]!.base64.slice(0, 40));
    }
  });

  it('the saved run in the data folder holds no secret either', () => {
    const files = (readdirSync(app.dataDir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    const runs = files.filter((f) => f.includes(`${path.sep}runs${path.sep}`));
    expect(runs.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(PASSWORD);
      expect(text, file).not.toContain(server.attempts[0]!.base64.slice(0, 40));
    }
    expect(runs.some((f) => readFileSync(f, 'utf8').includes('AUTH NTLM [redacted]'))).toBe(true);
  });
});

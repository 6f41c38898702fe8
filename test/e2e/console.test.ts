/** The manual console in the real UI against the built-in test server: connect, EHLO, QUIT. */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'console session', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('connects, sends EHLO and QUIT, and shows the replies', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Console' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Console' });
    const transcript = panel.getByRole('region', { name: 'Console transcript' });
    const commands = panel.getByRole('group', { name: 'SMTP commands' });

    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    await transcript.getByText(/S:\s*220/).first().waitFor({ timeout: 30_000 });
    // The header names where the console really is: the built-in server's live port, as the transcript says.
    const connectedTo = /connected to 127\.0\.0\.1 port (\d+)/.exec(await transcript.getByText(/connected to 127\.0\.0\.1 port/).first().innerText())?.[1];
    expect(await panel.getByTestId('console-target').innerText()).toBe(`127.0.0.1:${connectedTo} (starttls)`);

    const ehlo = commands.getByRole('button', { name: 'EHLO', exact: true });
    await expect.poll(() => ehlo.isEnabled()).toBe(true);
    await ehlo.click();
    await transcript.getByText(/C:\s*EHLO/).first().waitFor();
    await transcript.getByText(/S:\s*250[ -]/).first().waitFor();

    const quit = commands.getByRole('button', { name: 'QUIT', exact: true });
    await expect.poll(() => quit.isEnabled()).toBe(true);
    await quit.click();
    await transcript.getByText(/S:\s*221/).first().waitFor();
    // After QUIT the session is over: the commands are disabled again.
    await expect.poll(() => ehlo.isDisabled()).toBe(true);
    await app.screenshot('06-console-session');
  });
});

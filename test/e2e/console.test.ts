/**
 * The manual console in the real UI against the built-in test server, driven like a terminal:
 * keyboard only once the Console tab is open (Enter on Connect, then typing in the command line).
 * Screenshots at 1366×768, the size at which the replies used to land off screen.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, expect, inject, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'console session', () => {
  let app: E2eApp;
  let panel: Locator;
  let transcript: Locator;
  let commandLine: Locator;

  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await app.page.getByRole('tab', { name: 'Console' }).click();
    panel = app.page.getByRole('tabpanel', { name: 'Console' });
    transcript = panel.getByRole('region', { name: 'Console transcript' });
    commandLine = panel.getByRole('textbox', { name: 'Command line' });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    // Each test starts from a closed console.
    const disconnect = panel.getByRole('button', { name: 'Disconnect', exact: true });
    if (await disconnect.isVisible()) await disconnect.click();
    await panel.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  });

  const focused = () => app.page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null");
  const status = () => panel.getByTestId('console-status').innerText();
  const lineTexts = async () => (await transcript.getByTestId('transcript-line').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));

  /** The built-in server's throwaway account, to prove it never shows. */
  async function sandboxAccount(): Promise<{ user: string; password: string }> {
    const r = await app.service!['sandbox/status']({});
    const account = { user: r.ok ? (r.value.user ?? '') : '', password: r.ok ? (r.value.password ?? '') : '' };
    expect(account.password).not.toBe('');
    return account;
  }

  /** Connect with the keyboard: the focus on Connect, Enter, and wait for the greeting. */
  async function connectByKeyboard(): Promise<void> {
    await panel.getByRole('button', { name: 'Connect', exact: true }).focus();
    await app.page.keyboard.press('Enter');
    await transcript.getByText(/S:\s*220 /).last().waitFor({ timeout: 30_000 });
    await expect.poll(status).toBe('connected');
  }

  /** Types a line and presses Enter; waits until the console is ready for the next one. */
  async function type(line: string, reply?: RegExp): Promise<void> {
    await app.page.keyboard.type(line);
    await app.page.keyboard.press('Enter');
    if (reply) await transcript.getByText(reply).last().waitFor();
    await expect.poll(async () => (await status()) !== 'waiting for the reply…').toBe(true);
  }

  it('after Connect the focus is on the command line and stays there; Enter sends, it never disconnects', async () => {
    await connectByKeyboard();
    await expect.poll(focused).toBe('console-raw');
    await type('NOOP', /S:\s*250 2\.0\.0 OK/);
    expect(await focused()).toBe('console-raw');
    await type('EHLO client.example', /S:\s*250 SIZE/);
    expect(await focused()).toBe('console-raw');
    // Enter on an empty line sends nothing and keeps the session.
    await app.page.keyboard.press('Enter');
    expect(await status()).toBe('connected');
    expect(await focused()).toBe('console-raw');
  });

  it('↑/↓ walk the typed lines like a shell, and a recalled line is sent with Enter', async () => {
    await connectByKeyboard();
    await type('EHLO client.example', /S:\s*250 SIZE/);
    await type('NOOP', /S:\s*250 2\.0\.0 OK/);
    await type('HELP', /S:\s*214 /);
    await app.page.keyboard.type('RS');
    await app.page.keyboard.press('ArrowUp');
    expect(await commandLine.inputValue()).toBe('HELP');
    await app.page.keyboard.press('ArrowUp');
    expect(await commandLine.inputValue()).toBe('NOOP');
    await app.page.keyboard.press('ArrowDown');
    expect(await commandLine.inputValue()).toBe('HELP');
    // Past the newest: what was being typed comes back.
    await app.page.keyboard.press('ArrowDown');
    expect(await commandLine.inputValue()).toBe('RS');
    await app.page.keyboard.press('ArrowUp');
    await app.page.keyboard.press('ArrowUp');
    const before = (await lineTexts()).length;
    await app.page.keyboard.press('Enter');
    await expect.poll(async () => (await lineTexts()).slice(-2).join('\n')).toMatch(/C: NOOP\n.*S: 250 2\.0\.0 OK/);
    expect((await lineTexts()).length).toBeGreaterThan(before);
  });

  it('the transcript fills the height at 1366×768, follows the newest line, and each reply is right above the command line', async () => {
    await connectByKeyboard();
    await type('EHLO client.example', /S:\s*250 SIZE/);
    for (let i = 0; i < 4; i++) await type('HELP', /S:\s*214 /);
    await type('VRFY postmaster');
    const scroller = transcript.getByTestId('transcript-scroller');
    const box = (await scroller.boundingBox())!;
    // At least 15 lines of 22 px at 768 px (about 8 before).
    expect(box.height / 22).toBeGreaterThanOrEqual(15);
    const lines = transcript.getByTestId('transcript-line');
    const last = lines.last();
    expect(await last.innerText()).toMatch(/S:\s*25[02] /);
    const lastBox = (await last.boundingBox())!;
    const lineBox = (await commandLine.boundingBox())!;
    // The newest reply is in view, at the bottom of the list, just above the command line.
    expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(box.y + box.height + 1);
    expect(lineBox.y - (lastBox.y + lastBox.height)).toBeLessThan(60);
    expect(lineBox.y + lineBox.height).toBeLessThanOrEqual(768);
    await app.screenshot('06-console-terminal-1366x768');
    // Narrower, the buttons go under the terminal and the command line stays right under the lines.
    await app.page.setViewportSize({ width: 1024, height: 700 });
    await expect.poll(async () => (await commandLine.boundingBox())!.y - (await scroller.boundingBox())!.y).toBeGreaterThan(0);
    const narrow = (await scroller.boundingBox())!;
    const narrowLine = (await commandLine.boundingBox())!;
    expect(narrowLine.y - (narrow.y + narrow.height)).toBeLessThan(30);
    await app.screenshot('06-console-terminal-1024x700');
    await app.page.setViewportSize({ width: 1366, height: 768 });
  });

  it('typed STARTTLS and "auth plain" do what the buttons do; a typed credential is never sent nor kept', async () => {
    await connectByKeyboard();
    await type('EHLO client.example', /S:\s*250 SIZE/);
    await type('starttls', /TLS handshake done/);
    await type('EHLO client.example', /S:\s*250 SIZE/);
    await type('auth plain', /S:\s*235 /);
    const texts = (await lineTexts()).join('\n');
    expect(texts).not.toMatch(/EPOLICY|not sent/);
    expect(await panel.getByTestId('console-error').count()).toBe(0);
    const { password } = await sandboxAccount();
    expect(texts).not.toContain(password);

    // A line that would carry a credential: refused in the page, emptied, not in the history.
    await app.page.keyboard.type('AUTH PLAIN dXNlcgB1c2VyAHNlY3JldA==');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => panel.getByTestId('console-note').innerText()).toMatch(/Type AUTH PLAIN alone/);
    expect(await commandLine.inputValue()).toBe('');
    await app.page.keyboard.press('ArrowUp');
    expect(await commandLine.inputValue()).toBe('AUTH PLAIN');
    expect((await lineTexts()).join('\n')).not.toContain('dXNlcgB1c2VyAHNlY3JldA');
    await app.page.keyboard.press('Control+a');
    await app.page.keyboard.press('Backspace');
  });

  it('typed DATA and BDAT say what to use instead, and open the message editor', async () => {
    await connectByKeyboard();
    const editor = panel.getByRole('textbox', { name: /^Message/ });
    expect(await editor.isVisible()).toBe(false);
    await type('data');
    await expect.poll(() => panel.getByTestId('console-note').innerText()).toMatch(/DATA is not typed here: write the message in "Message for DATA" \(opened for you\) and press "DATA: send message"/);
    expect(await editor.isVisible()).toBe(true);
    await app.screenshot('06-console-data-note-1366x768');
    await type('BDAT 10 LAST');
    await expect.poll(() => panel.getByTestId('console-note').innerText()).toMatch(/^BDAT is not typed here/);
    expect(await focused()).toBe('console-raw');
  });

  it('VRFY and EXPN without an argument prepare the command line and say what they need', async () => {
    await connectByKeyboard();
    await type('EHLO client.example', /S:\s*250 SIZE/);
    const commands = panel.getByRole('group', { name: 'SMTP commands' });
    const expn = commands.getByRole('button', { name: 'EXPN', exact: true });
    expect(await expn.getAttribute('aria-disabled')).not.toBe('true');
    await expn.focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(focused).toBe('console-raw');
    expect(await commandLine.inputValue()).toBe('EXPN ');
    expect(await panel.getByTestId('console-note').innerText()).toMatch(/EXPN needs an argument: type the mailing list to expand/);
    await app.page.keyboard.press('Control+a');
    await app.page.keyboard.press('Backspace');

    const vrfy = commands.getByRole('button', { name: 'VRFY', exact: true });
    expect(await vrfy.getAttribute('aria-disabled')).not.toBe('true');
    await vrfy.focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(focused).toBe('console-raw');
    expect(await commandLine.inputValue()).toBe('VRFY ');
    expect(await panel.getByTestId('console-note').innerText()).toMatch(/VRFY needs an argument: type the user or address to check/);
    await type('postmaster', /S:\s*25[02] /);
    expect((await lineTexts()).join('\n')).toMatch(/C: VRFY postmaster/);
  });

  it('QUIT typed or pressed ends the session cleanly: 221, no EABORTED, the focus on Connect', async () => {
    await connectByKeyboard();
    await type('quit', /S:\s*221 /);
    await expect.poll(status).toBe('not connected');
    await expect.poll(focused).toBe('console-connect');
    expect((await lineTexts()).join('\n')).not.toMatch(/EABORTED|cancelled|ECLOSED/);

    // Enter on the focused Connect button connects again; the QUIT button ends as cleanly.
    await app.page.keyboard.press('Enter');
    await transcript.getByText(/S:\s*220 /).last().waitFor({ timeout: 30_000 });
    await expect.poll(focused).toBe('console-raw');
    await panel.getByRole('group', { name: 'SMTP commands' }).getByRole('button', { name: 'QUIT', exact: true }).focus();
    await app.page.keyboard.press('Enter');
    await transcript.getByText(/S:\s*221 /).last().waitFor();
    await expect.poll(status).toBe('not connected');
    expect((await lineTexts()).join('\n')).not.toMatch(/EABORTED|cancelled/);
  });

  it('Save log downloads the session as text, scrubbed of the credentials', async () => {
    await connectByKeyboard();
    await type('EHLO client.example', /S:\s*250 SIZE/);
    await type('STARTTLS', /TLS handshake done/);
    await type('EHLO client.example', /S:\s*250 SIZE/);
    await type('AUTH', /S:\s*235 /);
    await type('QUIT', /S:\s*221 /);
    await expect.poll(status).toBe('not connected');
    const save = panel.getByRole('button', { name: 'Save log', exact: true });
    await save.focus();
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^smtp-probe-console-127\.0\.0\.1-\d{8}T\d{6}Z\.txt$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toMatch(/^SMTP Probe console log\nProfile: Local test server\nTarget: 127\.0\.0\.1:\d+ \(starttls\)/);
    expect(text).toMatch(/-> EHLO client\.example/);
    expect(text).toMatch(/-> AUTH PLAIN \[redacted\]\n.*<- 235 /);
    expect(text).toMatch(/<- 221 2\.0\.0 Bye/);
    const { user, password } = await sandboxAccount();
    for (const secret of [password, Buffer.from(`\0${user}\0${password}`).toString('base64')]) expect(text).not.toContain(secret);
    expect(await panel.getByTestId('console-note').innerText()).toMatch(/Session log downloaded as smtp-probe-console-/);
  });
});

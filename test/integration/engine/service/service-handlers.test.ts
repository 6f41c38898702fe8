/**
 * The service handler table against the real built-in test server on loopback: the first-launch
 * profile runs every step, Run step / continue / Stop, exports without secrets, a console session,
 * profiles with passwords that never leave as plaintext, import/export, and bad input as fail codes.
 * DNS questions go to the DNS peer on 127.0.0.1:5300 only; no public IP discovery.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { INVOKE, type EventChannel, type EventPayloads, type OpenableLinkId } from '../../../../shared/ipc/contract.ts';
import { KNOWN_REPLY_LINKS } from '../../../../shared/known-replies/pages.ts';
import { browserService, value } from '../../../helpers/service-table.ts';
import { defaultEhloName } from '../../../../electron/engine/check/run-check.ts';
import { emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';
import { runReportSchema } from '../../../../shared/report.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

type Event = { [E in EventChannel]: { channel: E; payload: EventPayloads[E] } }[EventChannel];

let dir: string;
let service: ServiceHandlers;
const events: Event[] = [];
const opened: string[] = [];
const CANARY = 'Canary-S3cret-pw!';

const uuid = () => crypto.randomUUID();

async function sandboxProfileId(): Promise<string> {
  const list = value(await service['profiles/list']({}));
  const p = list.find((x) => x.builtIn === 'sandbox');
  if (!p) throw new Error('no sandbox profile');
  return p.id;
}

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-service-'));
  service = browserService(dir, { emit: (channel, payload) => events.push({ channel, payload } as Event), openExternal: async (url) => void opened.push(url) });
});

afterAll(async () => {
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('first launch', () => {
  it('has the ready "Local test server" profile, and app/info reports the notice', async () => {
    const list = value(await service['profiles/list']({}));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'Local test server', builtIn: 'sandbox', hasPassword: true });
    const info = value(await service['app/info']({}));
    expect(info).toMatchObject({ host: 'browser', canStorePasswords: true, platform: os.platform() });
    expect(info.notices.map((n) => n.kind)).toEqual(['first-launch']);
    expect(events.some((e) => e.channel === 'storage/notice' && e.payload.kind === 'first-launch')).toBe(true);
  });

  it('app/info names the EHLO name a run sends when a profile sets none (the engine\'s own rule)', async () => {
    expect(value(await service['app/info']({})).ehloName).toBe(defaultEhloName());
  });

  it('the welcome comes back on every start until dismissed; dismissed, it stays away for every host on the folder', async () => {
    const other = browserService(dir);
    try {
      expect(value(await other['app/info']({})).notices.map((n) => n.kind)).toEqual(['first-launch']);
      expect(value(await service['app/dismiss-welcome']({}))).toEqual({ dismissed: true });
      expect(value(await service['app/info']({})).notices).toEqual([]);
      expect(value(await other['app/info']({})).notices).toEqual([]);
      expect(JSON.parse(await fsp.readFile(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ welcomeDismissed: true });
    } finally {
      await other.dispose();
    }
  });
});

describe('runs of the first-launch profile against the built-in server', () => {
  it('Run all: every step passes (exit 0), the message arrives, the report is saved and streamed', async () => {
    const profileId = await sandboxProfileId();
    const runId = uuid();
    const state = value(await service['run/start']({ runId, profileId }));
    expect(state.status).toBe('done');
    const report = state.report!;
    expect(report.exitCode).toBe(0);
    expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('pass');
    expect(report.steps.find((s) => s.id === 'data')?.status).toBe('pass');
    // Every line arrives, in batches, in order, and all of them before the final state.
    const ofRun = events.filter((e) => e.payload !== null && typeof e.payload === 'object' && 'runId' in e.payload && e.payload.runId === runId);
    const batches = ofRun.filter((e): e is Extract<Event, { channel: 'run/transcript' }> => e.channel === 'run/transcript');
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.flatMap((e) => e.payload.events)).toEqual(report.transcript);
    const doneAt = ofRun.findIndex((e) => e.channel === 'run/state' && e.payload.status === 'done');
    expect(doneAt).toBe(ofRun.length - 1);
    expect(events.some((e) => e.channel === 'run/step' && e.payload.runId === runId && e.payload.step === 'starttls' && e.payload.phase === 'end')).toBe(true);
    const sandbox = value(await service['sandbox/status']({}));
    expect(sandbox.running).toBe(true);
    const messages = value(await service['sandbox/messages']({}));
    expect(messages.some((m) => m.subject === 'SMTP Probe test message' && m.tls && m.authenticatedUser === sandbox.user)).toBe(true);
    // The inbox viewer reads the stored message back: the queue id the run reported is its id.
    const received = messages.find((m) => m.subject === 'SMTP Probe test message')!;
    const stored = value(await service['sandbox/message']({ id: received.id }));
    expect(stored.text).toMatch(/^Received: /);
    expect(stored.text).toContain('Subject: SMTP Probe test message');
    expect(stored).toMatchObject({ id: received.id, truncated: false });
    expect(await service['sandbox/message']({ id: '20990101T000000000Z-00000000' })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND', field: 'id' } });

    const runs = value(await service['runs/list']({ profileId }));
    expect(runs[0]).toMatchObject({ runId, profileId, exitCode: 0, outcome: 'pass', target: '127.0.0.1' });
    const saved = value(await service['runs/get']({ profileId, runId }));
    expect(runReportSchema.safeParse(saved).success).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(sandbox.password);
  });

  it('Run step: paused before STARTTLS after EHLO, then continued to the end', async () => {
    const profileId = await sandboxProfileId();
    const runId = uuid();
    const paused = value(await service['run/start']({ runId, profileId, until: 'ehlo' }));
    expect(paused).toMatchObject({ runId, status: 'paused', nextStep: 'starttls' });
    // The steps run so far come with their verdicts, for the wizard to show at once.
    expect(paused.report?.steps.find((s) => s.id === 'ehlo')?.status).toBe('pass');
    // One run at a time per profile.
    const second = await service['run/start']({ runId: uuid(), profileId });
    expect(second).toMatchObject({ ok: false, error: { code: 'ECONFLICT' } });
    const again = value(await service['run/continue']({ runId, until: 'auth' }));
    expect(again).toMatchObject({ runId, status: 'paused', nextStep: 'mail' });
    const done = value(await service['run/continue']({ runId }));
    expect(done.status).toBe('done');
    expect(done.report?.exitCode).toBe(0);
    // A late continue gets the final state rather than an error.
    expect(value(await service['run/continue']({ runId })).status).toBe('done');
  });

  it('Stop while paused: the connection is dropped and a report is still made and saved', async () => {
    const profileId = await sandboxProfileId();
    const runId = uuid();
    expect(value(await service['run/start']({ runId, profileId, until: 'banner' }))).toMatchObject({ status: 'paused', nextStep: 'ehlo' });
    const stopped = value(await service['run/cancel']({ runId }));
    expect(stopped.status).toBe('done');
    expect(stopped.report?.steps.find((s) => s.id === 'banner')?.status).toBe('pass');
    expect(stopped.report?.exitCode).not.toBe(0);
    expect(value(await service['runs/get']({ profileId, runId })).startedAt).toBe(stopped.report?.startedAt);
    // The history and the sidebar say "stopped", not failed.
    expect(value(await service['runs/list']({ profileId }))[0]).toMatchObject({ runId, outcome: 'stopped' });
    expect(value(await service['runs/latest']({}))[profileId]).toMatchObject({ runId, outcome: 'stopped' });
  });

  it('exports render without secrets, with a safe file name; save returns the text in browser mode', async () => {
    const profileId = await sandboxProfileId();
    const [latest] = value(await service['runs/list']({ profileId }));
    const sandbox = value(await service['sandbox/status']({}));
    for (const format of ['txt', 'md', 'html', 'json'] as const) {
      const out = value(await service['export/render']({ profileId, runId: latest!.runId, format }));
      expect(out.fileName).toMatch(new RegExp(`^smtp-probe-127\\.0\\.0\\.1-\\d{8}T\\d{6}Z\\.${format}$`));
      expect(out.text).not.toContain(sandbox.password!);
      expect(out.text.length).toBeGreaterThan(100);
    }
    const saved = value(await service['export/save']({ profileId, runId: latest!.runId, format: 'txt' }));
    expect(saved).toMatchObject({ saved: false, mime: 'text/plain; charset=utf-8' });
    expect(saved.text).toContain('127.0.0.1');

    // Desktop: the host's save dialog gets the suggested name and the text; a cancelled dialog is saved: false.
    const asked: { name: string; text: string }[] = [];
    let answer = { saved: true, path: '/home/me/ticket.md' };
    const desktop = createServiceHandlers({ dataDir: dir, secrets: xorSecretStore(), emit: () => undefined, host: 'electron', saveFile: async (name, text) => (asked.push({ name, text }), answer) });
    try {
      expect(value(await desktop['export/save']({ profileId, runId: latest!.runId, format: 'md' }))).toEqual({ saved: true, path: '/home/me/ticket.md' });
      expect(asked[0]?.name).toMatch(/^smtp-probe-127\.0\.0\.1-\d{8}T\d{6}Z\.md$/);
      expect(asked[0]?.text).not.toContain(sandbox.password!);
      answer = { saved: false } as typeof answer;
      expect(value(await desktop['export/save']({ profileId, runId: latest!.runId, format: 'md' }))).toEqual({ saved: false });
    } finally {
      await desktop.dispose();
    }
  });
});

describe('console', () => {
  it('EHLO, STARTTLS, EHLO, AUTH with the stored credentials, MAIL, RCPT, DATA with dot-stuffing, QUIT', async () => {
    const profileId = await sandboxProfileId();
    const consoleId = uuid();
    const open = value(await service['console/open']({ consoleId, profileId }));
    expect(open.greeting?.code).toBe(220);
    expect(open.allowed).toContain('EHLO');
    // Where it connected: the built-in server's live port, not the profile's stored one.
    const live = value(await service['sandbox/status']({}));
    expect(open.target).toEqual({ host: '127.0.0.1', port: live.smtpPort, security: 'starttls' });
    const cmd = async (command: Parameters<ServiceHandlers['console/command']>[0]['command'], argument?: string) =>
      value(await service['console/command']({ consoleId, command, ...(argument !== undefined ? { argument } : {}) }));
    const consoleLines = () => events.filter((e): e is Extract<Event, { channel: 'console/transcript' }> => e.channel === 'console/transcript' && e.payload.consoleId === consoleId).flatMap((e) => e.payload.events);
    // The lines are sent before the result: by the time open and a command return, their lines are there.
    expect(consoleLines().at(-1)?.text).toMatch(/^220 /);

    expect((await cmd('EHLO', 'client.smtp-probe.test')).reply?.code).toBe(250);
    expect(consoleLines().map((l) => l.text)).toContain('EHLO client.smtp-probe.test');
    expect(consoleLines().map((l) => l.seq)).toEqual(consoleLines().map((_, i) => i + 1));
    expect((await cmd('STARTTLS')).reply?.code).toBe(220);
    const ehlo = await cmd('EHLO');
    expect(ehlo.reply?.lines.join(' ')).toMatch(/AUTH/);
    expect((await cmd('AUTH')).reply?.code).toBe(235);
    expect(await service['console/command']({ consoleId, command: 'RAW', argument: 'NOOP\r\nRSET' })).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'argument' } });
    expect((await cmd('MAIL', '<me@sandbox.smtp-probe.test>')).reply?.code).toBe(250);
    const rcpt = await cmd('RCPT', 'you@sandbox.smtp-probe.test');
    expect(rcpt.reply?.code).toBe(250);
    expect(rcpt.allowed).toContain('DATA');
    const data = await cmd('DATA', 'Subject: console test\r\n\r\n.line starting with a dot\nlast line');
    expect(data.reply?.code).toBe(250);
    const quit = await cmd('QUIT');
    expect(quit).toMatchObject({ closed: true, allowed: [] });
    expect(await service['console/command']({ consoleId, command: 'NOOP' })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });

    const lines = events.filter((e): e is Extract<Event, { channel: 'console/transcript' }> => e.channel === 'console/transcript' && e.payload.consoleId === consoleId).flatMap((e) => e.payload.events.map((l) => l.text));
    expect(lines.some((l) => /AUTH PLAIN \[redacted/.test(l))).toBe(true);
    const sandbox = value(await service['sandbox/status']({}));
    expect(lines.join('\n')).not.toContain(sandbox.password!);
    const messages = value(await service['sandbox/messages']({}));
    expect(messages.some((m) => m.subject === 'console test')).toBe(true);
  });

  it('AUTH uses the mechanism picked in the AUTH helper, and refuses an unknown one', async () => {
    const profileId = await sandboxProfileId();
    const consoleId = uuid();
    value(await service['console/open']({ consoleId, profileId }));
    const cmd = async (command: Parameters<ServiceHandlers['console/command']>[0]['command'], argument?: string) =>
      service['console/command']({ consoleId, command, ...(argument !== undefined ? { argument } : {}) });
    value(await cmd('EHLO', 'client.smtp-probe.test'));
    value(await cmd('STARTTLS'));
    value(await cmd('EHLO'));
    expect(await cmd('AUTH', 'GSSAPI')).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'argument' } });
    expect(value(await cmd('AUTH', 'login')).reply?.code).toBe(235);
    const lines = events.filter((e): e is Extract<Event, { channel: 'console/transcript' }> => e.channel === 'console/transcript' && e.payload.consoleId === consoleId).flatMap((e) => e.payload.events.map((l) => l.text));
    expect(lines).toContain('AUTH LOGIN');
    value(await cmd('QUIT'));
  });
});

describe('profiles', () => {
  const fields = (name: string, extra: Partial<ProfileFields> = {}): ProfileFields => ({ ...emptyProfileFields(), name, target: 'mail.example.com', targetKind: 'host', port: 587, security: 'starttls', ...extra });

  it('stores a password only as ciphertext: never returned, never exported, absent from every file', async () => {
    const saved = value(await service['profiles/save']({ fields: fields('With password', { authUser: 'me@example.com' }), password: CANARY }));
    expect(saved.hasPassword).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(CANARY);
    const list = value(await service['profiles/list']({}));
    expect(JSON.stringify(list)).not.toContain(CANARY);
    const exported = value(await service['profiles/export']({ ids: [saved.id] }));
    expect(exported.json).not.toContain(CANARY);
    expect(exported.json).not.toMatch(/"[a-z]*(password|secret|cipher)[a-z]*":/i);
    expect(exported.fileName).toMatch(/^smtp-probe-profiles-\d{8}T\d{6}Z\.json$/);

    const forms = [CANARY, Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY, 'utf16le').toString('latin1')];
    const files = await fsp.readdir(dir, { recursive: true });
    for (const f of files) {
      const full = path.join(dir, f);
      if (!(await fsp.stat(full)).isFile()) continue;
      const text = await fsp.readFile(full, 'latin1');
      for (const form of forms) expect(text.includes(form), `${f} holds the password`).toBe(false);
    }
    // Keeping (undefined) and forgetting (null) the password.
    expect(value(await service['profiles/save']({ id: saved.id, fields: fields('Renamed', { authUser: 'me@example.com' }) })).hasPassword).toBe(true);
    expect(value(await service['profiles/save']({ id: saved.id, fields: fields('Renamed', { authUser: 'me@example.com' }), password: null })).hasPassword).toBe(false);
    // Without a password, a run that needs AUTH says what to do.
    expect(await service['run/start']({ runId: uuid(), profileId: saved.id })).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });
  });

  it('duplicate gives "name (2)" and a new id; delete removes it', async () => {
    const a = value(await service['profiles/save']({ fields: fields('Dup me') }));
    const b = value(await service['profiles/duplicate']({ id: a.id }));
    expect(b.name).toBe('Dup me (2)');
    expect(b.id).not.toBe(a.id);
    expect(value(await service['profiles/delete']({ id: b.id }))).toEqual({ id: b.id });
    expect(await service['profiles/delete']({ id: b.id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
  });

  it('delete takes the stored password and the saved runs with it; only the profiles.json backups still name it', async () => {
    // Nothing listens on port 1 of loopback: the run ends at connect, and its report is saved.
    const copy = value(await service['profiles/save']({ fields: fields('Delete me', { target: '127.0.0.1', port: 1, security: 'none', authUser: 'me@example.com' }), password: CANARY }));
    expect(copy.hasPassword).toBe(true);
    expect(value(await service['run/start']({ runId: uuid(), profileId: copy.id })).status).toBe('done');
    const runsDir = path.join(dir, 'runs', copy.id);
    expect(await fsp.readdir(runsDir)).toHaveLength(1);
    const secretIds = async () => Object.keys(JSON.parse(await fsp.readFile(path.join(dir, 'secrets.json'), 'utf8')).secrets);
    expect(await secretIds()).toContain(copy.id);

    expect(value(await service['profiles/delete']({ id: copy.id }))).toEqual({ id: copy.id });
    expect(await secretIds()).not.toContain(copy.id);
    await expect(fsp.stat(runsDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(value(await service['runs/list']({ profileId: copy.id }))).toEqual([]);
    const naming = [];
    for (const f of await fsp.readdir(dir, { recursive: true })) {
      const full = path.join(dir, f);
      if ((await fsp.stat(full)).isFile() && (await fsp.readFile(full, 'utf8')).includes(copy.id)) naming.push(f);
    }
    // The fields stay in the rotating backups of profiles.json (recovery of a damaged file), not the password.
    expect(naming.length).toBeGreaterThan(0);
    expect(naming.every((f) => /^profiles\.json\.bak[0-9]$/.test(f)), naming.join(', ')).toBe(true);
  });

  it('export then import round trip: new ids, renamed duplicates, bad entries skipped with a reason', async () => {
    const a = value(await service['profiles/save']({ fields: fields('Round trip', { to: ['x@example.com'], from: 'me@example.com' }) }));
    const exported = value(await service['profiles/export']({ ids: [a.id] }));
    const doc = JSON.parse(exported.json);
    doc.profiles.push({ ...doc.profiles[0], name: 'Broken', security: 'rot13' });
    const result = value(await service['profiles/import']({ json: JSON.stringify(doc) }));
    expect(result.imported.map((p) => p.name)).toEqual(['Round trip (2)']);
    expect(result.imported[0]!.id).not.toBe(a.id);
    expect(result.imported[0]).toMatchObject({ to: ['x@example.com'], from: 'me@example.com', hasPassword: false });
    expect(result.skipped).toEqual([{ name: 'Broken', reason: expect.stringMatching(/^security:/) }]);
    expect(await service['profiles/import']({ json: '{"format":"nope"}' })).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'json' } });
  });

  it('a profile the engine cannot run is EINVALID with the field', async () => {
    const p = value(await service['profiles/save']({ fields: fields('No sender', { to: ['x@example.com'] }) }));
    expect(await service['run/start']({ runId: uuid(), profileId: p.id })).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'from' } });
  });
});

describe('bad input and other channels', () => {
  it('unknown ids are ENOTFOUND', async () => {
    const id = uuid();
    expect(await service['run/start']({ runId: uuid(), profileId: id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await service['run/continue']({ runId: id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await service['run/cancel']({ runId: id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await service['runs/get']({ profileId: id, runId: id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await service['export/render']({ profileId: id, runId: id, format: 'txt' })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await service['profiles/save']({ id, fields: emptyProfileFields() })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await service['console/open']({ consoleId: uuid(), profileId: id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
  });

  it('external/open passes only the fixed https link to the host', async () => {
    expect(value(await service['external/open']({ link: 'rfc5321' }))).toEqual({ opened: true });
    expect(opened).toEqual(['https://www.rfc-editor.org/rfc/rfc5321']);
    // A value outside the table (the host's schema would refuse it first) never reaches openExternal.
    expect(await service['external/open']({ link: 'file:///etc/passwd' as 'rfc5321' })).toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    expect(opened).toHaveLength(1);
  });

  it("external/open: every receiver page passes the contract's id check and opens its URL; an unknown id of the right shape does not", async () => {
    const before = opened.length;
    for (const [link, url] of Object.entries(KNOWN_REPLY_LINKS)) {
      expect(INVOKE['external/open'].safeParse({ link }).success, link).toBe(true);
      expect(value(await service['external/open']({ link: link as OpenableLinkId }))).toEqual({ opened: true });
      expect(opened.at(-1)).toBe(url);
    }
    expect(opened.length - before).toBe(Object.keys(KNOWN_REPLY_LINKS).length);
    expect(INVOKE['external/open'].safeParse({ link: 'reply:no-such-entry' }).success).toBe(true);
    expect(await service['external/open']({ link: 'reply:no-such-entry' })).toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    // Inherited names are not links either.
    expect(await service['external/open']({ link: 'constructor' as OpenableLinkId })).toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    expect(INVOKE['external/open'].safeParse({ link: 'https://evil.example/' }).success).toBe(false);
  });

  it('external/open in browser mode (no host opener): hands back the allow-listed URL for the page to open, and refuses the rest', async () => {
    const browser = browserService(dir);
    try {
      expect(value(await browser['external/open']({ link: 'rfc5321' }))).toEqual({ opened: false, url: 'https://www.rfc-editor.org/rfc/rfc5321' });
      for (const [link, url] of Object.entries(KNOWN_REPLY_LINKS)) {
        expect(value(await browser['external/open']({ link: link as OpenableLinkId })), link).toEqual({ opened: false, url });
      }
      for (const link of ['reply:no-such-entry', 'constructor', 'file:///etc/passwd', 'https://evil.example/']) {
        const answer = await browser['external/open']({ link: link as OpenableLinkId });
        expect(answer, link).toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
        expect(JSON.stringify(answer)).not.toContain('https://');
      }
    } finally {
      await browser.dispose();
    }
  });

  it('app/set-theme is accepted and does nothing where the host has no menu (browser mode)', async () => {
    expect(await service['app/set-theme']({ theme: 'dark' })).toEqual({ ok: true, value: { applied: false } });
  });

  it('sandbox behaviours change while it runs; stop and start again', async () => {
    expect(value(await service['sandbox/set-behaviours']({ greylist: true }))).toMatchObject({ greylist: true, denyRelay: false });
    expect(value(await service['sandbox/stop']({})).running).toBe(false);
    const started = value(await service['sandbox/start']({}));
    expect(started).toMatchObject({ running: true, host: '127.0.0.1', behaviours: { greylist: true } });
    expect(value(await service['sandbox/set-behaviours']({ greylist: false })).greylist).toBe(false);
  });

  it('the handler table has exactly the contract channels (dispose is not one)', () => {
    expect(Object.keys(service).sort()).toEqual(Object.keys(INVOKE).sort());
    expect(typeof service.dispose).toBe('function');
  });
});

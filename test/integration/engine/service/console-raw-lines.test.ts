/**
 * The manual console through the real handler table against a hostile server that records every
 * byte and would act on anything: raw STARTTLS, AUTH, DATA and BDAT lines are refused in every
 * spelling a lenient server accepts (leading white space, TAB, lower case), nothing of them
 * reaches the server, and a typed secret never shows in clear. The profile stores no password,
 * so the console's own scrub of stored secrets cannot be what hides the typed canary.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import type { EventChannel, EventPayloads } from '../../../../shared/ipc/contract.ts';
import { value } from '../../../helpers/service-table.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

type Event = { [E in EventChannel]: { channel: E; payload: EventPayloads[E] } }[EventChannel];

const CANARY = 'Canary-9f3e-Canary-9f3e';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const PLAIN_BLOB = b64(`\0typed-user@hostile.test\0${CANARY}`);
/** Every form of the typed secret that must not appear anywhere. */
const FORMS = [CANARY, b64(CANARY), PLAIN_BLOB];

let dir: string;
let service: ServiceHandlers;
let events: Event[] = [];
let server: HostileServer | undefined;
const consoles: string[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-console-raw-'));
  service = createServiceHandlers({ dataDir: dir, secrets: xorSecretStore(), emit: (channel, payload) => events.push({ channel, payload } as Event), host: 'browser' });
});

afterEach(async () => {
  for (const consoleId of consoles.splice(0)) await service['console/close']({ consoleId });
  await server?.close();
  server = undefined;
  events = [];
});

afterAll(async () => {
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A server that offers STARTTLS, AUTH and CHUNKING and answers every one of them as if it acted on it. */
async function openConsole(): Promise<{ consoleId: string; server: HostileServer }> {
  server = await startHostileServer({
    greeting: '220 hostile.test ESMTP\r\n',
    onLine: script(
      { STARTTLS: '220 2.0.0 go ahead\r\n', AUTH: '235 2.7.0 Authentication successful\r\n', BDAT: '250 2.0.0 chunk ok\r\n' },
      { extensions: ['STARTTLS', 'AUTH PLAIN LOGIN', 'CHUNKING', 'PIPELINING'] },
    ),
  });
  const fields = { ...emptyProfileFields(), name: 'Hostile', targetKind: 'host' as const, target: '127.0.0.1', port: server.port, security: 'none' as const };
  const profile = value(await service['profiles/save']({ fields }));
  const consoleId = crypto.randomUUID();
  consoles.push(consoleId);
  expect(value(await service['console/open']({ consoleId, profileId: profile.id })).greeting?.code).toBe(220);
  const ehlo = value(await service['console/command']({ consoleId, command: 'EHLO', argument: 'client.test' }));
  expect(ehlo.allowed).toEqual(expect.arrayContaining(['STARTTLS', 'AUTH']));
  return { consoleId, server };
}

const transcriptOf = (consoleId: string) =>
  events.flatMap((e) => (e.channel === 'console/transcript' && e.payload.consoleId === consoleId ? e.payload.events.map((l) => l.text) : []));

describe('raw lines that only their own command may send', () => {
  it.each([
    ['AUTH after a leading space', ` AUTH PLAIN ${PLAIN_BLOB}`, 'AUTH helper'],
    ['AUTH and its mechanism split by a TAB', `AUTH\tPLAIN ${PLAIN_BLOB}`, 'AUTH helper'],
    ['AUTH after a leading TAB', `\tAUTH PLAIN ${PLAIN_BLOB}`, 'AUTH helper'],
    ['the initial response after a TAB', `AUTH PLAIN\t${PLAIN_BLOB}`, 'AUTH helper'],
    ['AUTH in mixed case', `aUtH pLaIn ${PLAIN_BLOB}`, 'AUTH helper'],
    ['AUTH:PLAIN', `AUTH:PLAIN ${PLAIN_BLOB}`, 'AUTH helper'],
    ['AUTH with the blob but no mechanism', `AUTH ${PLAIN_BLOB}`, 'AUTH helper'],
    ['AUTH LOGIN with the password as initial response', ` AUTH LOGIN ${b64(CANARY)}`, 'AUTH helper'],
    ['AUTH with the password in clear', `AUTH\tPLAIN\t${CANARY}`, 'AUTH helper'],
    ['STARTTLS after a leading space', ' STARTTLS', 'STARTTLS button'],
    ['STARTTLS and a TAB', 'STARTTLS\t', 'STARTTLS button'],
    ['starttls in lower case', 'starttls', 'STARTTLS button'],
    ['DATA after a leading space', ' DATA', 'DATA editor'],
    ['DATA and a TAB', 'Data\t', 'DATA editor'],
    ['BDAT', 'BDAT 5 LAST', 'DATA editor'],
    ['BDAT after a TAB', '\tbdat\t5 LAST', 'DATA editor'],
  ])('%s: EPOLICY, nothing sent, nothing of a secret shown, the session goes on', async (_name, line, helper) => {
    const { consoleId, server } = await openConsole();
    const linesBefore = server.lines.length;
    const result = value(await service['console/command']({ consoleId, command: 'RAW', argument: line }));
    expect(result.error?.code).toBe('EPOLICY');
    expect(result.error?.message).toContain(`use the ${helper}`);
    expect(result.reply).toBeUndefined();
    // Nothing on the wire: the server saw EHLO and nothing after it.
    expect(server.lines.slice(linesBefore)).toEqual([]);
    // Nothing changed: STARTTLS and AUTH are still offered (no raw AUTH "succeeded").
    expect(result).toMatchObject({ closed: false, allowed: expect.arrayContaining(['STARTTLS', 'AUTH', 'MAIL']) });
    // The transcript says what was not sent, with no form of the typed secret anywhere.
    const transcript = transcriptOf(consoleId);
    expect(transcript.at(-1)).toMatch(/^not sent: /);
    const everything = JSON.stringify({ transcript, result, events });
    for (const form of FORMS) expect(everything).not.toContain(form);
    // And the session is intact: the next command gets its own reply.
    expect(value(await service['console/command']({ consoleId, command: 'NOOP' })).reply?.code).toBe(250);
    expect(server.lines.slice(linesBefore)).toEqual(['NOOP']);
  });

  it('an ordinary raw line is still sent exactly as typed, leading white space included', async () => {
    const { consoleId, server } = await openConsole();
    const result = value(await service['console/command']({ consoleId, command: 'RAW', argument: '\tmail from:<a@client.test>' }));
    expect(result.error).toBeUndefined();
    expect(server.lines.at(-1)).toBe('\tmail from:<a@client.test>');
  });
});

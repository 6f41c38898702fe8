/**
 * The service's side of "sent as typed, or refused": through the one gate
 * every host uses (dispatchInvoke), a profile save with a bad address, host name, EHLO name,
 * header or DNS server is EINVALID naming the field with the same reason the CLI prints; a profile
 * saved under older rules still loads, and running it is refused with the field before any
 * connection is made.
 */
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../../electron/engine/service/dispatch.ts';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { browserService } from '../../../helpers/service-table.ts';
import { mailboxProblem } from '../../../../shared/input-rules.ts';
import { PROFILE_SCHEMA_VERSION, emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';

let dir: string;
let service: ServiceHandlers;
let capture: net.Server;
let capturePort = 0;
let connections = 0;
const LEGACY_ID = '5b0a6f0e-3c1d-4f59-9a57-1f8d2c7e4b10';

beforeAll(async () => {
  capture = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  capturePort = (capture.address() as net.AddressInfo).port;
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-input-service-'));
  // A profile saved before the input rules: its sender was accepted then and goes out cut today.
  const legacy = { ...fieldsFor({ from: 'Name <x@y.z>', to: ['b@example.test'] }), id: LEGACY_ID, createdAt: 'then', updatedAt: 'then' };
  await fsp.writeFile(path.join(dir, 'profiles.json'), JSON.stringify({ schemaVersion: PROFILE_SCHEMA_VERSION, profiles: [legacy] }));
  service = browserService(dir, { openExternal: async () => undefined, runDefaults: { dnsServer: `127.0.0.1:${capturePort}`, publicIpResolvers: [] } });
});

afterAll(async () => {
  await service?.dispose();
  await new Promise<void>((resolve) => capture.close(() => resolve()));
  await fsp.rm(dir, { recursive: true, force: true });
});

function fieldsFor(extra: Partial<ProfileFields>): ProfileFields {
  return { ...emptyProfileFields(), name: 'Input', targetKind: 'host', target: '127.0.0.1', port: capturePort, security: 'none', ehloName: 'client.example.test', ...extra };
}

describe('profiles/save through the host gate refuses what the CLI refuses, with the field and the same reason', () => {
  it.each<[string, Partial<ProfileFields>, string, RegExp]>([
    ['a display name', { from: 'Name <x@y.z>', to: ['b@example.test'] }, 'fields.from', /give the bare address, e\.g\. x@y\.z$/],
    ['a cut domain', { from: 'a@b.c\\x', to: ['b@example.test'] }, 'fields.from', /the domain contains "\\"/],
    ['a recipient with a soft hyphen', { from: 'a@example.test', to: ['b@exa\u00admple.test'] }, 'fields.to.0', /invisible character ⟨U\+00AD⟩/],
    ['a server with a space', { target: 'mail example.test' }, 'fields.target', /the server contains " "/],
    ['an unclosed IPv6 bracket', { target: '[::1' }, 'fields.target', /brackets/],
    ['a domain target that is an IP', { targetKind: 'domain', target: '192.0.2.1' }, 'fields.target', /is an IP address, not a domain/],
    ['a domain with a backslash', { targetKind: 'domain', target: 'example.com\\x' }, 'fields.target', /the domain contains "\\"/],
    ['an EHLO name without a domain', { ehloName: 'localhost' }, 'fields.ehloName', /not fully qualified/],
    ['a header the composer writes', { headers: [['Content-Type', 'text/html']] }, 'fields.headers.0', /set by the message composer/],
    ['a header value with an escape', { headers: [['X-Test', 'a\x1b[2J']] }, 'fields.headers.0', /control character \\x1b/],
    ['a DNS server out of range', { dnsServer: '999.1.1.1' }, 'fields.dnsServer', /must be an IP address/],
  ])('%s', async (_name, extra, field, reason) => {
    const result = await dispatchInvoke(service, 'profiles/save', { fields: fieldsFor(extra) });
    expect(result).toMatchObject({ ok: false, error: { code: 'EINVALID', field } });
    if (!result.ok) expect(result.error.message).toMatch(reason);
  });

  it('the reason is the one the CLI prints for the same value', async () => {
    const result = await dispatchInvoke(service, 'profiles/save', { fields: fieldsFor({ from: 'Name <x@y.z>', to: ['b@example.test'] }) });
    expect(!result.ok && result.error.message).toBe(`Invalid input for profiles/save: fields.from: ${mailboxProblem('from')('Name <x@y.z>')}`);
  });
});

describe('a profile saved under older rules', () => {
  it('still loads, and running it is refused with the field before anything is sent', async () => {
    const list = await dispatchInvoke(service, 'profiles/list', {});
    expect(list.ok && list.value.map((p) => p.id)).toContain(LEGACY_ID);
    const run = await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId: LEGACY_ID });
    expect(run).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'from', message: mailboxProblem('from')('Name <x@y.z>') } });
    expect(connections).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../../../shared/steps.ts';
import { STEP_GROUPS, groupElapsed, groupOf, groupStatus, lastStepOf, nextGroupUntil, skippedByProfile, stepCommands } from '../../../../renderer/components/wizard/wizard-steps.ts';
import type { CommandSource } from '../../../../renderer/components/wizard/wizard-steps.ts';

const base: CommandSource = { targetKind: 'host', target: 'mail.example.net', security: 'starttls', to: [], port: undefined, ehloName: undefined, authUser: undefined, authMechanism: undefined, from: undefined, subject: undefined };

describe('stepCommands', () => {
  it('previews the connection with the default port of the security mode', () => {
    expect(stepCommands('connect', base)).toEqual(['connect to mail.example.net port 587']);
    expect(stepCommands('connect', { ...base, security: 'implicit' })).toEqual(['connect to mail.example.net port 465, TLS from the first byte']);
    expect(stepCommands('connect', { ...base, targetKind: 'domain', target: 'example.org', security: 'starttls-optional' })).toEqual(['connect to best MX of example.org port 25']);
  });

  it('previews a domain profile on 25 whatever the TLS mode: an MX receives mail there', () => {
    for (const security of ['starttls', 'implicit'] as const) {
      expect(stepCommands('connect', { ...base, targetKind: 'domain', target: 'example.org', security })[0]).toMatch(/^connect to best MX of example\.org port 25\b/);
    }
  });

  it('does not promise a port for the built-in server, whose ports are chosen when it starts', () => {
    expect(stepCommands('connect', { ...base, target: '127.0.0.1', port: 2525, builtIn: 'sandbox' })).toEqual(['connect to the built-in test server on 127.0.0.1 (its STARTTLS port)']);
  });

  it('says when a step will be skipped for lack of input', () => {
    expect(stepCommands('mx', base)).toEqual(['Skipped: a server is given (mail.example.net)']);
    expect(stepCommands('auth', base)).toEqual(['No user name: skipped']);
    expect(stepCommands('rcpt', base)).toEqual(['RCPT TO: (no recipient set: skipped)']);
    expect(stepCommands('starttls', { ...base, security: 'none' })).toEqual(['Not used: plain text was chosen']);
  });

  it('shows the envelope lines from the profile', () => {
    const p = { ...base, ehloName: 'client.example', from: 'me@example.net', to: ['a@example.org', 'b@example.org'], authUser: 'me', authMechanism: 'LOGIN' as const };
    expect(stepCommands('ehlo', p)).toEqual(['EHLO client.example']);
    // An empty EHLO name: the card names what the engine will send (app/info), not a guess.
    expect(stepCommands('ehlo', { ...base, defaultEhloName: 'pc1.example.test' })).toEqual(['EHLO pc1.example.test']);
    expect(stepCommands('ehlo', { ...p, defaultEhloName: 'pc1.example.test' })).toEqual(['EHLO client.example']);
    expect(stepCommands('auth', p)).toEqual(['AUTH LOGIN as me']);
    expect(stepCommands('mail', p)).toEqual(['MAIL FROM:<me@example.net>']);
    expect(stepCommands('rcpt', p)).toEqual(['RCPT TO:<a@example.org>', 'RCPT TO:<b@example.org>']);
    expect(stepCommands('auth', { ...base, builtIn: 'sandbox' })).toEqual(["AUTH <best offered> as the built-in server's user"]);
  });
});

describe('STEP_GROUPS', () => {
  it("covers every engine step once, in the engine's order", () => {
    expect(STEP_GROUPS.flatMap((g) => g.steps)).toEqual([...STEP_IDS]);
    expect(STEP_GROUPS.map((g) => g.label)).toEqual(['MX lookup', 'PTR check', 'Connect', 'EHLO', 'STARTTLS', 'Auth', 'Send', 'QUIT']);
  });

  it('runs a group up to its last engine step', () => {
    expect(lastStepOf(groupOf('mail'))).toBe('data');
    expect(lastStepOf(groupOf('connect'))).toBe('banner');
    expect(lastStepOf(groupOf('ehlo'))).toBe('ehlo');
  });

  it('Run next step goes on with the group holding the next engine step, or starts over after a finished run', () => {
    expect(nextGroupUntil('rcpt', false)).toMatchObject({ group: { id: 'send' }, until: 'data' });
    expect(nextGroupUntil('connect', false)).toMatchObject({ group: { id: 'connect' }, until: 'banner' });
    expect(nextGroupUntil(null, true)).toMatchObject({ group: { id: 'mx' }, until: 'mx' });
    expect(nextGroupUntil(null, false)).toBeNull();
  });

  it('Run next step passes over the groups the profile skips (no MX lookup for a server, no Auth without a user)', () => {
    const skips = (p: CommandSource) => (g: (typeof STEP_GROUPS)[number]) => skippedByProfile(g, p);
    expect(nextGroupUntil('mx', false, skips(base))).toMatchObject({ group: { id: 'ptr' }, until: 'ptr' });
    expect(nextGroupUntil(null, true, skips(base))).toMatchObject({ group: { id: 'ptr' } });
    expect(nextGroupUntil('mx', false, skips({ ...base, targetKind: 'domain' }))).toMatchObject({ group: { id: 'mx' } });
    // Paused before Auth without a user: the next step worth running is Send, or QUIT without a sender.
    expect(nextGroupUntil('auth', false, skips({ ...base, from: 'a@example.net', to: ['b@example.net'] }))).toMatchObject({ group: { id: 'send' }, until: 'data' });
    expect(nextGroupUntil('auth', false, skips(base))).toMatchObject({ group: { id: 'quit' }, until: 'quit' });
    expect(nextGroupUntil('auth', false, skips({ ...base, authUser: 'u' }))).toMatchObject({ group: { id: 'auth' } });
    expect(nextGroupUntil('starttls', false, skips({ ...base, security: 'none', authUser: 'u' }))).toMatchObject({ group: { id: 'auth' } });
    expect(nextGroupUntil('auth', false, skips({ ...base, builtIn: 'sandbox' }))).toMatchObject({ group: { id: 'auth' } });
  });
});

describe('groupStatus', () => {
  it.each([
    [['pass', 'pass', 'pass'], 'pass'],
    [['pass', 'warn', 'pass'], 'warn'],
    [['pass', 'fail', 'skipped'], 'fail'],
    [['warn', 'fail'], 'fail'],
    [['pass', 'running', 'pending'], 'running'],
    [['fail', 'running'], 'running'],
    [['skipped', 'skipped'], 'skipped'],
    [['pass', 'skipped'], 'pass'],
    [['pending', 'pending'], 'pending'],
    [['pass', 'pending', 'pending'], 'partial'],
    [['ran', 'ran'], 'ran'],
    [['ran', 'skipped'], 'ran'],
  ] as const)('%j -> %s', (statuses, expected) => {
    expect(groupStatus(statuses)).toBe(expected);
  });
});

describe('groupElapsed', () => {
  it('sums the known times, none when no step has one', () => {
    expect(groupElapsed([3.3, 50.9])).toBeCloseTo(54.2);
    expect(groupElapsed([17, 1.3, undefined])).toBeCloseTo(18.3);
    expect(groupElapsed([undefined, undefined])).toBeUndefined();
  });
});

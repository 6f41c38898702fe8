/** The EHLO name used when none is given is one the input rules accept, so a run never fails on a name the user did not type. */
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultEhloName } from '../../../../electron/engine/check/run-check.ts';

afterEach(() => vi.restoreAllMocks());

describe('defaultEhloName', () => {
  it.each([
    ['mail.example.test', 'mail.example.test'],
    ['vm', 'smtp-probe.localdomain'],
    ['my_host.lan', 'smtp-probe.localdomain'],
    ['host.', 'smtp-probe.localdomain'],
    ['DESKTOP-4F2.corp.example', 'DESKTOP-4F2.corp.example'],
  ])('host name %j -> %j', (hostname, expected) => {
    vi.spyOn(os, 'hostname').mockReturnValue(hostname);
    expect(defaultEhloName()).toBe(expected);
  });
});

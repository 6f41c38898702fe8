// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createTestingPinia } from '@pinia/testing';
import { defineComponent, h, nextTick } from 'vue';
import type { RunReport } from '../../../../shared/report.ts';
import { commandSourceOf } from '../../../../renderer/components/wizard/command-source.ts';
import { lastRanStep } from '../../../../renderer/components/wizard/step-focus.ts';
import { useEditLock } from '../../../../renderer/components/wizard/use-edit-lock.ts';
import { useRunControls } from '../../../../renderer/components/wizard/use-run-controls.ts';
import type { CommandSource } from '../../../../renderer/components/wizard/wizard-steps.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { useRunStore } from '../../../../renderer/stores/run.ts';
import type { StepView } from '../../../../renderer/stores/run.ts';
import { useUiStore } from '../../../../renderer/stores/ui.ts';
import { profileView } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));

enableAutoUnmount(afterEach);

/** The composable in a component with a testing Pinia whose actions are spies and whose getters can be set. */
function mountWith<T>(use: () => T): T {
  let result!: T;
  mount(defineComponent({ setup: () => ((result = use()), () => h('div')) }), { global: { plugins: [createTestingPinia({ createSpy: vi.fn })] } });
  return result;
}

describe('commandSourceOf', () => {
  it('takes the profile with the name the engine sends for an empty EHLO name', () => {
    const profile = profileView({ ehloName: undefined });
    expect(commandSourceOf(profile, undefined, 'host.local')).toEqual({ ...profile, defaultEhloName: 'host.local' });
  });

  it("reads an opened report's request: a domain, or else the server", () => {
    const request = { domain: 'example.org', port: 25, security: 'starttls-optional', ehloName: 'c.example', from: 'a@example.org', to: ['b@example.org'] } as RunReport['request'];
    expect(commandSourceOf(undefined, request, 'host.local')).toMatchObject({ targetKind: 'domain', target: 'example.org', port: 25, from: 'a@example.org', subject: undefined });
    expect(commandSourceOf(undefined, { ...request, domain: undefined, server: 'mx.example.org' }, undefined)).toMatchObject({ targetKind: 'host', target: 'mx.example.org' });
    expect(commandSourceOf(undefined, undefined, 'host.local')).toBeNull();
  });
});

describe('lastRanStep', () => {
  const step = (id: StepView['id'], status: StepView['status']) => ({ id, status }) as StepView;
  it('is the last step that ran before the pause, skipped steps aside', () => {
    const steps = [step('mx', 'skipped'), step('connect', 'pass'), step('banner', 'pass'), step('ehlo', 'skipped'), step('starttls', 'pending')];
    expect(lastRanStep('starttls', steps)).toBe('banner');
    expect(lastRanStep(null, steps)).toBeNull();
    expect(lastRanStep('connect', [step('mx', 'skipped'), step('connect', 'pending')])).toBeNull();
  });
});

describe('useEditLock', () => {
  it('names the first reason that holds: opened report, a run going, a paused run, unsaved Settings of this profile', () => {
    const { settingsDirty, editLock } = mountWith(() => useEditLock(() => 'p1'));
    const run = useRunStore();
    const profiles = useProfilesStore();
    expect(editLock.value).toBeNull();
    profiles.dirty = true;
    profiles.selectedId = 'p2';
    expect(settingsDirty.value).toBe(false);
    profiles.selectedId = 'p1';
    expect(editLock.value).toMatch(/^Settings has unsaved edits/);
    run.status = 'paused';
    expect(editLock.value).toMatch(/^The paused run keeps/);
    run.status = 'running';
    expect(editLock.value).toMatch(/^A run is going/);
    (run as { opened: boolean }).opened = true;
    expect(editLock.value).toMatch(/^This is a report opened from a file/);
  });
});

describe('useRunControls', () => {
  const source: CommandSource = { targetKind: 'host', target: 'mx.example.org', security: 'none', from: undefined, to: [], port: undefined, ehloName: undefined, authUser: undefined, authMechanism: undefined, subject: undefined };
  const families = { runBoth: vi.fn(), clear: vi.fn() } as never;
  const controls = (profileId: string | undefined = 'p1') =>
    mountWith(() => useRunControls({ profileId: () => profileId, profile: () => profileView({ id: 'p1' }), commandSource: () => source, families }));

  it('offers the first group the profile does not skip as the next step, and starts over once done', () => {
    const c = controls();
    const run = useRunStore();
    expect(c.nextLabel.value).toBe('Run next step: PTR check');
    c.runNext();
    expect(run.runTo).toHaveBeenCalledWith('p1', c.next.value!.until);
    run.status = 'done';
    expect(c.nextLabel.value).toBe('Start over step by step');
    expect(c.nextGroupId.value).toBeNull();
  });

  it('runs nothing while a run is busy, or for an opened report', () => {
    const c = controls();
    const run = useRunStore();
    run.status = 'running';
    c.runAll();
    c.runNext();
    c.runStep('ehlo');
    c.runAllFast();
    expect(run.start).not.toHaveBeenCalled();
    expect(run.runTo).not.toHaveBeenCalled();
    run.status = 'idle';
    (run as { opened: boolean }).opened = true;
    c.runAll();
    c.stop();
    expect(run.start).not.toHaveBeenCalled();
    expect(run.cancel).not.toHaveBeenCalled();
    expect(c.runTag.value.label).toBe('read-only');
  });

  it('Run all continues a paused run, Stop cancels it; a stopped run is tagged stopped', () => {
    const c = controls();
    const run = useRunStore();
    run.status = 'paused';
    c.runAll();
    expect(run.continueTo).toHaveBeenCalled();
    c.stop();
    expect(run.cancel).toHaveBeenCalled();
    run.status = 'done';
    run.report = { interrupted: { reason: 'cancelled' } } as RunReport;
    expect(c.runTag.value.label).toBe('stopped');
  });

  it('Ctrl+Enter runs the next step only while the wizard tab is shown', async () => {
    controls();
    const run = useRunStore();
    const ui = useUiStore();
    ui.activeTab = 'settings';
    ui.runNextRequests++;
    await nextTick();
    expect(run.runTo).not.toHaveBeenCalled();
    ui.activeTab = 'wizard';
    ui.runNextRequests++;
    await nextTick();
    expect(run.runTo).toHaveBeenCalledTimes(1);
  });
});

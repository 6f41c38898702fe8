// @vitest-environment happy-dom
/**
 * LiteButton, LiteInputText, LiteTag, LiteToggleButton and LiteToolbar stand in for PrimeVue's
 * Button, InputText, Tag, ToggleButton (and SelectButton's options) and Toolbar on the first screen: the theme styles the elements by their classes, so they must render what PrimeVue renders
 * (element, classes, role, accessible name, the attributes passed), PrimeVue's own data-* markers aside.
 */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import Button from 'primevue/button';
import InputText from 'primevue/inputtext';
import Tag from 'primevue/tag';
import SelectButton from 'primevue/selectbutton';
import ToggleButton from 'primevue/togglebutton';
import Toolbar from 'primevue/toolbar';
import { describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import type { Component } from 'vue';
import LiteButton from '../../../../renderer/components/ui/LiteButton.vue';
import LiteInputText from '../../../../renderer/components/ui/LiteInputText.vue';
import LiteTag from '../../../../renderer/components/ui/LiteTag.vue';
import LiteToggleButton from '../../../../renderer/components/ui/LiteToggleButton.vue';
import LiteToolbar from '../../../../renderer/components/ui/LiteToolbar.vue';

interface Shape {
  tag: string;
  classes: string[];
  attrs: Record<string, string>;
  text: string;
  children: Shape[];
}

/**
 * What the look and the accessibility tree depend on; PrimeVue's data-* markers and ids are left
 * out, and an input's value attribute (happy-dom reflects the value property into it for one of
 * the two; the property itself is compared).
 */
function shape(el: Element): Shape {
  const kept = (name: string) => name !== 'class' && !name.startsWith('data-p') && !/^pc\d+$/.test(name) && !(el.tagName === 'INPUT' && name === 'value');
  const attrs = Object.fromEntries([...el.attributes].filter((a) => kept(a.name)).map((a) => [a.name, a.value]));
  return { tag: el.tagName.toLowerCase(), classes: [...el.classList].sort(), attrs, text: el.textContent ?? '', children: [...el.children].map(shape) };
}

function rendered(component: Component, props: Record<string, unknown>, slots: Record<string, () => unknown> = {}): Shape {
  const wrapper = mount(component, { props, slots, global: { plugins: [[PrimeVue, { theme: 'none', ripple: false }]] } });
  const result = shape(wrapper.element);
  wrapper.unmount();
  return result;
}

const BUTTONS: Record<string, unknown>[] = [
  { label: 'Run all', icon: 'pi pi-play', severity: 'success', 'data-testid': 'run-all', 'aria-disabled': 'false' },
  { label: 'Run all (fast)', icon: 'pi pi-forward', severity: 'success', outlined: true, title: 'No pauses' },
  { label: 'Test server', icon: 'pi pi-server', severity: 'primary', outlined: false, 'aria-pressed': 'false' },
  { label: 'Run to here', icon: 'pi pi-forward', size: 'small', severity: 'secondary', outlined: true, 'aria-label': 'Run to here: MX lookup' },
  { icon: 'pi pi-pencil', severity: 'secondary', text: true, rounded: true, size: 'small', disabled: true, 'aria-label': 'Edit the EHLO command' },
  { icon: 'pi pi-chevron-up', text: true, size: 'small', disabled: false, 'aria-label': 'Previous match' },
  { label: 'Go to Settings', size: 'small', text: true },
  { label: 'Delete', icon: 'pi pi-trash', size: 'small', severity: 'danger', text: true },
  { label: 'Bigger', size: 'large', type: 'submit' },
];

describe('LiteButton renders what PrimeVue Button renders', () => {
  it.each(BUTTONS)('%o', (props) => {
    expect(rendered(LiteButton, props)).toEqual(rendered(Button, props));
  });

  it('passes listeners through to the button', async () => {
    const onClick = vi.fn();
    const wrapper = mount(LiteButton, { props: { label: 'Go' }, attrs: { onClick } });
    await wrapper.trigger('click');
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});

describe('LiteTag renders what PrimeVue Tag renders', () => {
  const TAGS: Record<string, unknown>[] = [
    { value: 'not run', severity: 'secondary', icon: 'pi pi-circle', 'data-testid': 'group-status' },
    { value: 'pass', severity: 'success', icon: 'pi pi-check-circle' },
    { value: 'running', severity: 'info', icon: 'pi pi-spin pi-spinner' },
    { value: 'warn', severity: 'warn', icon: 'pi pi-exclamation-triangle' },
    { value: 'fail', severity: 'danger', icon: 'pi pi-times-circle' },
    { value: 'ready', severity: 'secondary', 'data-testid': 'run-status' },
    { value: 'done', severity: 'contrast' },
    { value: 'plain' },
  ];
  it.each(TAGS)('%o', (props) => {
    expect(rendered(LiteTag, props)).toEqual(rendered(Tag, props));
  });
});

describe('LiteToolbar renders what PrimeVue Toolbar renders', () => {
  it('a toolbar with its start and end', () => {
    const slots = { start: () => h('strong', 'Transcript'), end: () => h('button', { type: 'button' }, 'Copy all') };
    const lite = rendered(LiteToolbar, { class: 'transcript__toolbar' }, slots);
    expect(lite).toEqual(rendered(Toolbar, { class: 'transcript__toolbar' }, slots));
    expect(lite.attrs.role).toBe('toolbar');
  });
});

describe('LiteToggleButton renders what PrimeVue ToggleButton renders', () => {
  it.each([true, false])('Follow, pressed: %s', (pressed) => {
    const lite = { modelValue: pressed, size: 'small', label: 'Follow', onIcon: 'pi pi-arrow-down', offIcon: 'pi pi-pause', 'aria-label': 'Follow new lines' };
    const prime = { modelValue: pressed, size: 'small', onLabel: 'Follow', offLabel: 'Follow', onIcon: 'pi pi-arrow-down', offIcon: 'pi pi-pause', ariaLabel: 'Follow new lines' };
    expect(rendered(LiteToggleButton, lite)).toEqual(rendered(ToggleButton, prime));
  });

  it('an option of a SelectButton: the slot replaces icon and label', () => {
    const slot = { default: () => [h('i', { class: 'pi pi-sun', 'aria-hidden': 'true' }), h('span', { class: 'visually-hidden' }, 'Light')] };
    const lite = rendered(LiteToggleButton, { modelValue: true }, slot);
    const group = rendered(SelectButton, { modelValue: 'light', options: [{ value: 'light' }], optionValue: 'value', dataKey: 'value', allowEmpty: false }, { option: slot.default });
    expect(lite).toEqual(group.children[0]);
    expect(group).toMatchObject({ tag: 'div', classes: ['p-component', 'p-selectbutton'], attrs: { role: 'group' } });
  });

  it('toggles its model on click', async () => {
    const wrapper = mount(LiteToggleButton, { props: { modelValue: false, label: 'Follow', 'onUpdate:modelValue': (v: boolean) => wrapper.setProps({ modelValue: v }) } });
    await wrapper.trigger('click');
    expect(wrapper.attributes('aria-pressed')).toBe('true');
    expect(wrapper.classes()).toContain('p-togglebutton-checked');
  });
});

describe('LiteInputText renders what PrimeVue InputText renders', () => {
  const FIELDS: ({ modelValue: string } & Record<string, unknown>)[] = [
    { modelValue: '', fluid: true, placeholder: 'Search profiles (Ctrl+F)', 'aria-label': 'Search profiles' },
    { modelValue: 'office', fluid: true, placeholder: 'Search profiles (Ctrl+F)', 'aria-label': 'Search profiles' },
    { modelValue: '', size: 'small', class: 'transcript__search', placeholder: 'Search', 'aria-label': 'Search the transcript', 'data-testid': 'transcript-search' },
    { modelValue: 'EHLO', size: 'small' },
  ];
  it.each(FIELDS)('%o', (props) => {
    const lite = mount(LiteInputText, { props });
    const prime = mount(InputText, { props, global: { plugins: [[PrimeVue, { theme: 'none' }]] } });
    expect(shape(lite.element)).toEqual(shape(prime.element));
    expect((lite.element as HTMLInputElement).value).toBe((prime.element as HTMLInputElement).value);
  });

  it('typing updates the model', async () => {
    const wrapper = mount(LiteInputText, { props: { modelValue: '', 'onUpdate:modelValue': (v: string) => wrapper.setProps({ modelValue: v }) } });
    await wrapper.setValue('relay');
    expect(wrapper.props('modelValue')).toBe('relay');
    expect(wrapper.classes()).toContain('p-filled');
  });
});

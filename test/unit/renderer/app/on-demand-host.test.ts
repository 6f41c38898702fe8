// @vitest-environment happy-dom
/**
 * The toast and confirmation hosts mount on first use (renderer/components/app/on-demand-host.ts):
 * nothing is loaded until something is shown, and what was asked before the host was there reaches
 * it once mounted, in order, exactly once.
 */
import { EventBus } from '@primeuix/utils/eventbus';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, onBeforeUnmount, onMounted } from 'vue';
import { onDemandHost } from '../../../../renderer/components/app/on-demand-host.ts';

/** A host like PrimeVue's: it listens on the bus from its own mounted hook. */
function recordingHost(bus: ReturnType<typeof EventBus>, seen: string[]) {
  return defineComponent({
    setup() {
      const add = (p: unknown) => seen.push(`add ${String(p)}`);
      const remove = (p: unknown) => seen.push(`remove ${String(p)}`);
      onMounted(() => {
        bus.on('add', add);
        bus.on('remove', remove);
      });
      onBeforeUnmount(() => {
        bus.off('add', add);
        bus.off('remove', remove);
      });
      return () => h('div', { class: 'host' });
    },
  });
}

function mountWith(bus: ReturnType<typeof EventBus>, importer: () => Promise<{ default: ReturnType<typeof defineComponent> }>) {
  const host = onDemandHost(bus, { shows: ['add'], others: ['remove'] }, importer);
  const wrapper = mount({ render: () => (host.component.value ? h(host.component.value, { onVnodeMounted: host.mounted }) : null) });
  return { host, wrapper };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  await nextTick();
};

describe('onDemandHost', () => {
  it('loads nothing until something is shown, nor for a remove alone', async () => {
    const bus = EventBus();
    const importer = vi.fn(async () => ({ default: recordingHost(bus, []) }));
    const { wrapper } = mountWith(bus, importer);
    bus.emit('remove', 'nothing shown');
    await settle();
    expect(importer).not.toHaveBeenCalled();
    expect(wrapper.find('.host').exists()).toBe(false);
  });

  it('mounts the host on the first show and hands it every event since, in order, once', async () => {
    const bus = EventBus();
    const seen: string[] = [];
    const importer = vi.fn(async () => ({ default: recordingHost(bus, seen) }));
    const { wrapper } = mountWith(bus, importer);
    bus.emit('remove', 'a');
    bus.emit('add', 'b');
    bus.emit('add', 'c');
    await settle();
    expect(importer).toHaveBeenCalledTimes(1);
    expect(wrapper.find('.host').exists()).toBe(true);
    expect(seen).toEqual(['remove a', 'add b', 'add c']);
    // From now on the host hears the bus itself; nothing is kept or handed twice.
    bus.emit('add', 'd');
    await settle();
    expect(seen).toEqual(['remove a', 'add b', 'add c', 'add d']);
  });

  it('keeps what comes while the chunk loads', async () => {
    const bus = EventBus();
    const seen: string[] = [];
    let release: () => void = () => {};
    const importer = vi.fn(() => new Promise<{ default: ReturnType<typeof defineComponent> }>((resolve) => (release = () => resolve({ default: recordingHost(bus, seen) }))));
    mountWith(bus, importer);
    bus.emit('add', 'first');
    bus.emit('add', 'while loading');
    release();
    await settle();
    expect(seen).toEqual(['add first', 'add while loading']);
  });

  it('stops keeping events once disposed', async () => {
    const bus = EventBus();
    const importer = vi.fn(async () => ({ default: recordingHost(bus, []) }));
    const { host } = mountWith(bus, importer);
    host.dispose();
    bus.emit('add', 'after');
    await settle();
    expect(importer).not.toHaveBeenCalled();
  });
});

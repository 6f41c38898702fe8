// @vitest-environment happy-dom
/** The waterfall component: rows in order of start with their numbers as text, the longest and failed said in words, labels as text. */
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { TimingSpan } from '../../../../shared/timing.ts';
import RunWaterfall from '../../../../renderer/components/results/RunWaterfall.vue';

const timing: TimingSpan[] = [
  { stage: 'banner', label: 'Banner (greeting)', startMs: 5, durationMs: 30_000, failed: true },
  { stage: 'connect', label: 'TCP connect to 192.0.2.1 port 25', startMs: 1, durationMs: 4 },
  { stage: 'rcpt', label: 'RCPT TO <a@example.net>\u0007<img src=x>', startMs: 30_006, durationMs: 2 },
];

describe('RunWaterfall', () => {
  it('lists the spans in order of start, each with start and duration in ms and a bar placed on the axis', () => {
    const wrapper = mount(RunWaterfall, { props: { timing } });
    expect(wrapper.get('[data-testid="run-waterfall-summary"]').text()).toBe('30,008 ms in all; longest: Banner (greeting), 30,000 ms');
    const rows = wrapper.findAll('[data-testid="run-waterfall-row"]');
    expect(rows.map((r) => r.findAll('th, td').slice(0, 3).map((c) => c.text()))).toEqual([
      ['TCP connect to 192.0.2.1 port 25', '1.0 ms', '4.0 ms'],
      ['Banner (greeting) (longest) (failed)', '5.0 ms', '30,000 ms'],
      ['RCPT TO <a@example.net>\\x07<img src=x>', '30,006 ms', '2.0 ms'],
    ]);
    expect(rows[1]?.classes()).toEqual(expect.arrayContaining(['waterfall__row--longest', 'waterfall__row--failed']));
    // Server and DNS text is shown as text: no element comes out of a label.
    expect(wrapper.find('img').exists()).toBe(false);
    expect(rows[1]?.get('.waterfall__bar').attributes('style')).toMatch(/left: 0\.0\d%; width: 99\.9\d%/);
    // The bars are decoration beside the numbers.
    expect(rows.every((r) => r.get('.waterfall__track').attributes('aria-hidden') === 'true')).toBe(true);
  });
});

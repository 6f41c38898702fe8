/**
 * The structural half of "server text is rendered as text, never markup" (reliability A.14): ESLint
 * refuses v-html in any component of the renderer, and v-text/v-html on a component, so `npm run
 * lint` fails before such a binding can show a banner as HTML. Text interpolation stays allowed.
 */
import { ESLint } from 'eslint';
import { beforeAll, expect, it } from 'vitest';

const eslint = new ESLint();
const COMPONENT = 'renderer/components/any-new-component.vue';

const sfc = (template: string) => `<script setup lang="ts">\nconst banner = '<img src=x onerror=alert(1)>';\n</script>\n\n<template>\n  ${template}\n</template>\n`;

async function htmlBindingErrors(template: string): Promise<string[]> {
  const [result] = await eslint.lintText(sfc(template), { filePath: COMPONENT });
  return (result?.messages ?? []).filter((m) => m.severity === 2 && /v-html/.test(m.ruleId ?? '')).map((m) => m.ruleId!);
}

// The first lint loads the parsers and the Vue plugin (tens of seconds on a busy machine).
beforeAll(async () => {
  await eslint.lintText(sfc('<div />'), { filePath: COMPONENT });
}, 120_000);

it.each([
  ['<div v-html="banner"></div>', 'vue/no-v-html'],
  ['<pre class="reply" v-html="banner" />', 'vue/no-v-html'],
])('refuses %s', async (template, rule) => {
  expect(await htmlBindingErrors(template)).toContain(rule);
});

it('refuses v-html on a component too', async () => {
  expect(await htmlBindingErrors('<Panel v-html="banner" />')).toEqual(expect.arrayContaining(['vue/no-v-text-v-html-on-component']));
});

it('allows the server text as text interpolation', async () => {
  expect(await htmlBindingErrors('<div>{{ banner }}</div>')).toEqual([]);
});

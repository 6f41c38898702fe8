// ESLint flat config. The layering rules here are the architecture: breaking them fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';

const nodeBuiltins = ['node:*', 'fs', 'path', 'net', 'tls', 'dns', 'os', 'crypto', 'child_process', 'http', 'https', 'stream', 'events', 'util'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Vue single-file components (renderer/): parsed with the TypeScript parser in <script lang="ts">.
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
    rules: {
      // Reliability A.14: server text is data, never markup.
      'vue/no-v-html': 'error',
      'vue/no-v-text-v-html-on-component': 'error',
      // TypeScript checks names (vue-tsc); the core rule does not know type-only globals (typescript-eslint's advice).
      'no-undef': 'off',
      // Layout is left to the formatter's judgement; these only fight it.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `import { z }` is zod's whole namespace object: every locale and the JSON Schema converters
      // end in every bundle (~300 KB in the CLI's); `import * as z` lets the bundlers keep what is used.
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']", message: "import * as z from 'zod' (the named z keeps all of zod in the bundle)" },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    // The engine runs under plain Node: never Electron, Vue or the renderer.
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'electron/engine must run under plain Node: no electron imports.' },
            { group: ['vue', 'vue/*', 'pinia', '@vue/*'], message: 'electron/engine must not import Vue or Pinia.' },
            { group: ['**/renderer/**', '**/renderer'], message: 'electron/engine must not import the renderer.' },
            { group: ['**/main/**', '**/preload/**'], message: 'electron/engine must not import the Electron shell.' },
          ],
        },
      ],
    },
  },
  {
    // The built-in test server stores mail and delivers none: sandbox/ may import no network client
    // or process launcher (its listener is smtp-server; a type such as AddressInfo is fine).
    files: ['electron/engine/sandbox/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['net', 'tls', 'dns', 'dns/*', 'http', 'https', 'http2', 'dgram', 'child_process', 'node:net', 'node:tls', 'node:dns', 'node:dns/*', 'node:http', 'node:https', 'node:http2', 'node:dgram', 'node:child_process'],
              message: 'The sandbox never sends anything: no network client or process launcher here.',
              allowTypeImports: true,
            },
            { group: ['nodemailer', 'nodemailer/*', 'ws', 'undici'], message: 'The sandbox never sends anything: no network client here.', allowTypeImports: true },
            { group: ['**/smtp/**', '**/dns/**'], message: "The sandbox never sends anything: not the engine's SMTP client or resolver.", allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The sandbox never sends anything.' }, { name: 'WebSocket', message: 'The sandbox never sends anything.' }],
    },
  },
  {
    // `npm start` must not trigger Electron's first-launch download: the package's index.js and
    // cli.js fetch the binary from GitHub, so these scripts find and spawn the binary themselves.
    files: ['scripts/start.ts', 'scripts/electron-binary.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^electron(/|$)', message: 'Loading the electron package can start its download; spawn the binary electron-binary.ts finds.' }] }],
    },
  },
  {
    // The command's entry is CommonJS (bin/package.json), like the bundle it runs: Node starts it
    // without setting up its ES module loader.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // shared/ is pure TypeScript used by both sides.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'shared/ must stay pure: no Node built-ins.' },
            { group: ['electron', 'electron/*', 'vue', 'vue/*', 'pinia'], message: 'shared/ must not import electron, vue or pinia.' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import app code.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    // The renderer sees only shared/ and its own files.
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node: talk to main through window.api.' },
            { group: ['electron', 'electron/*'], message: 'The renderer must not import electron.' },
            { group: ['**/electron/**'], message: 'The renderer may import only shared/ and its own files.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer's Vite config runs in Node at build time; it is not part of the page.
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
);

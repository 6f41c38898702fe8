#!/usr/bin/env node
// Entry point of the `smtp-probe` command. Runs the TypeScript sources through tsx, so a fresh
// checkout needs only `npm install` before `npx smtp-probe ...` works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  colorDefault: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
});
// The sandbox command keeps running until Ctrl+C; everything else ends here.
if (code !== undefined) process.exitCode = code;

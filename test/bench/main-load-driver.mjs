// Bench driver (test/bench/main-load.ts): loads the built main bundle (argv[2]) under plain Node with
// the tests' fake `electron`, and prints, as one JSON line, how long after this process started the
// import finished and the window was asked to load its page, and the CPU time used by then; then, as
// the page's first call, app/info through IPC (the service loads meanwhile): when it was answered and
// the CPU by then; then quits the app.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register(new URL('../unit/main/fixtures/electron-resolve-hooks.mjs', import.meta.url));
const importStart = performance.now();
await import(pathToFileURL(process.argv[2]).href);
const imported = performance.now();
const state = globalThis.__fakeElectron;
while (!(state.windows[0]?.loaded.length > 0)) await new Promise((resolve) => setImmediate(resolve));
const windowAt = performance.now();
// CPU time (user + system) of this process so far: steadier than wall time on a busy machine.
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;

const window = state.windows[0];
const info = await state.ipc.get('app/info')({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {});
if (!info.ok) state.errors.push(info.error);
const answeredAt = performance.now();
const usage = process.cpuUsage();
const answerCpuMs = (usage.user + usage.system) / 1000;

const { app } = await import('electron');
app.emit('will-quit', { preventDefault() {} });
for (let i = 0; i < 500 && state.quitCalls === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
process.stdout.write(`${JSON.stringify({ importStart, imported, windowAt, cpuMs, answeredAt, answerCpuMs, errors: state.errors })}\n`);

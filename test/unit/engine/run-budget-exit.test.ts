/**
 * The run budget never keeps a process alive on its own: a CLI run that is finished exits at once,
 * not when a long deadline would have expired. A fresh Node process with a 10-minute budget, also
 * paused and resumed (the wizard's gates start the timer again), must end by itself.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('a process holding an undisposed 10-minute budget exits by itself', async () => {
  const budget = fileURLToPath(new URL('../../../electron/engine/run-budget.ts', import.meta.url));
  const script = [
    `const { createRunBudget } = await import(${JSON.stringify(budget)});`,
    'const b = createRunBudget({ deadlineMs: 600_000 });',
    'b.pause();',
    'b.resume();',
    "console.log(b.signal.aborted ? 'aborted' : 'running');",
  ].join('\n');
  // The bound only ends a process the budget holds: a live timer would keep it for ten minutes.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000, killSignal: 'SIGKILL' });
  expect(stdout.trim()).toBe('running');
}, 90_000);

/**
 * `smtp-probe ui` (and `node --import tsx electron/serve/main.ts`): browser mode with the real
 * handler table. Files live in the CLI's data folder; passwords stay in memory for this launch
 * (browser mode has no safeStorage). Prints the address with its token, opens the browser where
 * there is one, and stops on Ctrl+C.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXIT_CODES } from '../../shared/exit-codes.ts';
import { quoted } from '../../shared/visible-text.ts';
import { createServiceHandlers, memorySecretStore } from '../engine/service/index.ts';
import type { ServiceHandlers } from '../engine/service/index.ts';
import { defaultDataDir } from '../engine/store/data-dir.ts';
import { openBrowser } from './open-browser.ts';
import { startBrowserMode } from './server.ts';
import type { BrowserMode } from './server.ts';

export interface UiFlags {
  port?: string;
  dataDir?: string;
  /** false with --no-open */
  open?: boolean;
}

export interface UiIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_RENDERER_DIR = path.join(root, 'out', 'renderer');

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) return undefined;
  return Number(value);
}

/** Runs until `stop` aborts or Ctrl+C; resolves with the exit code. */
export async function runUiCommand(flags: UiFlags, io: UiIo, stop?: AbortSignal, rendererDir = DEFAULT_RENDERER_DIR): Promise<number> {
  const port = parsePort(flags.port);
  if (port === undefined) {
    io.stderr.write(`smtp-probe ui: --port takes a port number (0-65535; 0 = any free port), got ${quoted(flags.port ?? '')}\n`);
    return EXIT_CODES.usage;
  }
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    io.stderr.write(`smtp-probe ui: the renderer is not built (${rendererDir} has no index.html); run \`npm run build:renderer\` or \`npm start\`.\n`);
    return EXIT_CODES.usage;
  }
  const dataDir = path.resolve(flags.dataDir ?? defaultDataDir());
  let service: ServiceHandlers | undefined;
  let mode: BrowserMode;
  try {
    mode = await startBrowserMode({
      port,
      rendererDir,
      handlers: (emit, log) => (service = createServiceHandlers({ dataDir, secrets: memorySecretStore(), emit, host: 'browser', log })),
      log: (line) => io.stderr.write(`${line}\n`),
    });
  } catch (error) {
    await service?.dispose();
    const code = (error as { code?: string }).code;
    io.stderr.write(`smtp-probe ui: cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}${code === 'EADDRINUSE' ? ' (pick another with --port, 0 = any free port)' : ''}\n`);
    return code === 'EADDRINUSE' ? EXIT_CODES.usage : EXIT_CODES.internal;
  }
  io.stdout.write(
    [
      'SMTP Probe in your browser (127.0.0.1 only)',
      `  ${mode.url}`,
      'Open this address; it carries this launch\'s token, without which no page or program can use the app.',
      `Data folder: ${dataDir} (passwords are kept in memory only in browser mode)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const launchPage = flags.open !== false ? await openBrowser(mode.url) : undefined;

  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    stop?.addEventListener('abort', done, { once: true });
  });
  await mode.close();
  await service?.dispose();
  await launchPage?.remove();
  io.stdout.write('Browser mode stopped.\n');
  return EXIT_CODES.ok;
}

// Run directly: node --import tsx electron/serve/main.ts [--port N] [--data-dir DIR] [--no-open]
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const flags: UiFlags = { open: !args.includes('--no-open') };
  const port = value('--port');
  const dataDir = value('--data-dir');
  if (port !== undefined) flags.port = port;
  if (dataDir !== undefined) flags.dataDir = dataDir;
  // No top-level await: the CLI is also bundled as CommonJS (for V8's code cache), which has none.
  void runUiCommand(flags, process).then((code) => {
    process.exitCode = code;
  });
}

/**
 * Runs swaks, the reference SMTP client, and splits its transcript into what the server said.
 * swaks marks lines: `<-` server (plain), `<~` server (inside TLS), `<**` / `<~*` server replies
 * it treats as errors, `->` / `~>` client, `===` / `***` its own notes.
 */
import { execFile } from 'node:child_process';

export interface SwaksLine {
  from: 'server' | 'client' | 'note';
  tls: boolean;
  text: string;
}

export interface SwaksRun {
  exitCode: number;
  lines: SwaksLine[];
  /** The server's lines, in order, without swaks' markers. */
  server: string[];
  output: string;
}

const MARKERS: ReadonlyArray<[string, Omit<SwaksLine, 'text'>]> = [
  ['<** ', { from: 'server', tls: false }],
  ['<~* ', { from: 'server', tls: true }],
  ['<-  ', { from: 'server', tls: false }],
  ['<~  ', { from: 'server', tls: true }],
  [' -> ', { from: 'client', tls: false }],
  [' ~> ', { from: 'client', tls: true }],
  ['**> ', { from: 'client', tls: false }],
  ['*~> ', { from: 'client', tls: true }],
  ['=== ', { from: 'note', tls: false }],
  ['*** ', { from: 'note', tls: false }],
];

export function parseSwaksOutput(output: string): SwaksLine[] {
  const lines: SwaksLine[] = [];
  for (const raw of output.split('\n')) {
    const marker = MARKERS.find(([prefix]) => raw.startsWith(prefix));
    if (marker) lines.push({ ...marker[1], text: raw.slice(marker[0].length).trimEnd() });
  }
  return lines;
}

/** Runs `swaks args…` (never throws on a non-zero exit: a rejection is an outcome to assert on). */
export function swaks(args: string[]): Promise<SwaksRun> {
  return new Promise((resolve, reject) => {
    execFile('swaks', ['--timeout', '20', '--helo', 'client.peer.test', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (error && typeof error.code !== 'number') {
        reject(new Error(`swaks could not run: ${error.message}`));
        return;
      }
      const output = `${stdout}${stderr}`;
      const lines = parseSwaksOutput(output);
      resolve({ exitCode, lines, server: lines.filter((l) => l.from === 'server').map((l) => l.text), output });
    });
  });
}

/** True when the swaks binary runs here. */
export function swaksInstalled(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('swaks', ['--version'], (error) => resolve(!error));
  });
}

/**
 * The password never comes from the command line (it would land in shell history and `ps`):
 * only from an environment variable named by --auth-password-env, or from standard input.
 */
import { UsageError } from './parse-target.ts';

export async function readPassword(options: { envVar?: string; stdin: NodeJS.ReadableStream & { isTTY?: boolean }; prompt: (text: string) => void }): Promise<string> {
  if (options.envVar !== undefined) {
    const value = process.env[options.envVar];
    if (value === undefined || value === '') throw new UsageError('--auth-password-env', `the environment variable ${JSON.stringify(options.envVar.slice(0, 100))} is not set`);
    return value;
  }
  if (options.stdin.isTTY) {
    options.prompt('Password (not shown): ');
    return readHiddenLine(options.stdin as NodeJS.ReadStream);
  }
  const line = await readFirstLine(options.stdin);
  if (line === '') throw new UsageError('--auth-user', 'needs a password: pipe it on standard input or use --auth-password-env VAR');
  return line;
}

function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const onData = (chunk: Buffer | string) => {
      data += chunk.toString();
      const nl = data.search(/\r?\n/);
      if (nl >= 0 || data.length > 16_384) finish(data.slice(0, nl >= 0 ? nl : 16_384));
    };
    const finish = (line: string) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', reject);
      stream.pause();
      resolve(line);
    };
    const onEnd = () => finish(data.replace(/\r?\n$/, ''));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
    stream.resume();
  });
}

function readHiddenLine(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve) => {
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode?.(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

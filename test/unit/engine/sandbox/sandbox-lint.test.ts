/** The structural half of "never delivered": ESLint refuses a network client or launcher anywhere in sandbox/. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const SANDBOX_FILE = 'electron/engine/sandbox/any-new-file.ts';

async function restrictions(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: SANDBOX_FILE });
  return (result?.messages ?? []).filter((m) => /no-restricted-(imports|globals)$/.test(m.ruleId ?? '')).map((m) => m.message);
}

describe('sandbox/ lint rule', () => {
  it.each([
    "import net from 'node:net';\nvoid net;",
    "import { connect } from 'tls';\nvoid connect;",
    "import { resolveMx } from 'node:dns/promises';\nvoid resolveMx;",
    "import { request } from 'node:https';\nvoid request;",
    "import { spawn } from 'node:child_process';\nvoid spawn;",
    "import nodemailer from 'nodemailer';\nvoid nodemailer;",
    "import { runSmtp } from '../smtp/run-smtp.ts';\nvoid runSmtp;",
    "void fetch('https://example.net/');",
  ])('refuses %s', async (code) => {
    expect(await restrictions(code)).toEqual([expect.stringMatching(/never sends anything/)]);
  });

  it('allows a type import and the file system', async () => {
    expect(await restrictions("import type { AddressInfo } from 'node:net';\nimport { readFile } from 'node:fs/promises';\nexport type A = AddressInfo;\nvoid readFile;")).toEqual([]);
  });
});

/**
 * secureDataDir tightens the modes an older version left loose, with lstat: a symbolic link in the
 * data folder is never followed, so a link to a file or folder elsewhere (a shared notes file, a
 * synced folder) keeps its own modes; a data folder that is a link is tightened where it really is.
 * Real files and links in a temporary folder.
 */
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secureDataDir } from '../../../../electron/engine/store/data-dir.ts';

const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('secureDataDir and symbolic links', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'probe-data-links-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('never follows a link out of the data folder: the targets keep their modes, the folder\'s own entries are tightened', async () => {
    const outside = path.join(base, 'outside');
    const outsideFile = path.join(outside, 'notes.txt');
    const outsideDir = path.join(outside, 'shared');
    const outsideInner = path.join(outsideDir, 'inner.txt');
    await mkdir(outsideDir, { recursive: true });
    await writeFile(outsideFile, 'x');
    await writeFile(outsideInner, 'y');
    await chmod(outsideFile, 0o644);
    await chmod(outsideInner, 0o644);
    await chmod(outsideDir, 0o755);

    const dataDir = path.join(base, 'smtp-probe');
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    // Names the app owns (so tighten looks at them), each a link to something outside.
    await symlink(outsideFile, path.join(dataDir, 'profiles.json'));
    await symlink(outsideDir, path.join(dataDir, 'runs'));
    await mkdir(path.join(dataDir, 'sandbox'));
    await chmod(path.join(dataDir, 'sandbox'), 0o755);
    await symlink(outsideFile, path.join(dataDir, 'sandbox', 'linked.txt'));
    // A real entry of the app's, left loose: it must be tightened, so the walk did run.
    await writeFile(path.join(dataDir, 'secrets.json'), '{}');
    await chmod(path.join(dataDir, 'secrets.json'), 0o644);

    await secureDataDir(dataDir, 'linux');

    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(path.join(dataDir, 'secrets.json'))).toBe(0o600);
    expect(await mode(path.join(dataDir, 'sandbox'))).toBe(0o700);
    expect({ file: await mode(outsideFile), dir: await mode(outsideDir), inner: await mode(outsideInner) }).toEqual({ file: 0o644, dir: 0o755, inner: 0o644 });
  });

  it('a data folder that is itself a link (SMTP_PROBE_HOME or ~/.config linked elsewhere) is tightened where it really is', async () => {
    const real = path.join(base, 'dotfiles', 'smtp-probe');
    await mkdir(real, { recursive: true });
    await chmod(real, 0o755);
    await writeFile(path.join(real, 'secrets.json'), '{}');
    await chmod(path.join(real, 'secrets.json'), 0o644);
    await mkdir(path.join(real, 'runs'));
    await chmod(path.join(real, 'runs'), 0o755);
    const linked = path.join(base, 'smtp-probe');
    await symlink(real, linked);

    await secureDataDir(linked, 'linux');

    expect({ folder: await mode(real), secrets: await mode(path.join(real, 'secrets.json')), runs: await mode(path.join(real, 'runs')) }).toEqual({ folder: 0o700, secrets: 0o600, runs: 0o700 });
  });
});

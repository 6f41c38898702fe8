/**
 * .github/workflows/release.yml cannot run here (its runners download Electron), so it is checked
 * with GitHub's own workflow parser (the one behind the Actions language service) and against the
 * inputs of every action it uses, then for what the release needs (README "Cutting a release").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findInstallers } from '../../../scripts/winget-manifest.mjs';

const WORKFLOW_FILE = path.resolve('.github/workflows/release.yml');
const workflowText = readFileSync(WORKFLOW_FILE, 'utf8');

/** The inputs each action version declares in its action.yml; an action not listed here is refused. */
const ACTION_INPUTS: Record<string, string[]> = {
  'actions/checkout@v4': ['repository', 'ref', 'token', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user',
    'persist-credentials', 'path', 'clean', 'filter', 'sparse-checkout', 'sparse-checkout-cone-mode', 'fetch-depth',
    'fetch-tags', 'show-progress', 'lfs', 'submodules', 'set-safe-directory', 'github-server-url'],
  'actions/setup-node@v4': ['always-auth', 'node-version', 'node-version-file', 'architecture', 'check-latest',
    'registry-url', 'scope', 'token', 'cache', 'cache-dependency-path'],
  'actions/upload-artifact@v4': ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level',
    'overwrite', 'include-hidden-files'],
  'actions/download-artifact@v4': ['name', 'path', 'pattern', 'merge-multiple', 'github-token', 'repository', 'run-id'],
};

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string }
interface Job {
  'runs-on'?: string; needs?: string[]; container?: { image: string; options?: string };
  env?: Record<string, string>; permissions?: Record<string, string>;
  strategy?: { matrix: { include: { os: string; target: string }[] } }; steps: Step[];
}
interface Workflow { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> }

/** Every error GitHub's parser reports, schema and job graph, as "file (Line, Col): message". */
async function parserErrors(content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: 'release.yml', content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined) return errors;
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return [...new Set([...errors, ...(template.errors ?? []).map((error) => error.Message)])];
}

/** "uses X: unknown input Y" for every step input its action does not declare. */
function actionInputErrors(workflow: Workflow): string[] {
  const errors: string[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps.filter((s) => s.uses)) {
      const inputs = ACTION_INPUTS[step.uses!];
      if (!inputs) {
        errors.push(`${jobId}: uses ${step.uses}, an action this test does not know`);
        continue;
      }
      for (const input of Object.keys(step.with ?? {})) {
        if (!inputs.includes(input)) errors.push(`${jobId}: ${step.uses} has no input '${input}'`);
      }
    }
  }
  return errors;
}

const workflow = parse(workflowText) as Workflow;
const runs = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');

describe('the workflow is valid', () => {
  it('GitHub\'s parser finds no error', async () => {
    expect(await parserErrors(workflowText)).toEqual([]);
  });

  it('a broken workflow is caught: a job without runs-on, an unknown key, a need on no job, a bad expression', async () => {
    expect(await parserErrors(workflowText.replace('    runs-on: ${{ matrix.os }}\n', ''))).toEqual([
      expect.stringMatching(/Required property is missing: runs-on/),
    ]);
    expect((await parserErrors(workflowText.replace(/timeout-minutes/, 'timeout-minutez'))).join()).toMatch(/Unexpected value 'timeout-minutez'/);
    expect((await parserErrors(workflowText.replace('needs: [peers, build]', 'needs: [peers, builds]'))).join()).toMatch(/unknown job 'builds'/);
    expect((await parserErrors(workflowText.replace('${{ matrix.target }}', '${{ matrix.target '))).join()).toMatch(/expression is not closed/);
  });

  it('every action is a known version and gets only inputs it declares', () => {
    expect(actionInputErrors(workflow)).toEqual([]);
    const broken = parse(workflowText.replace('node-version: 22', 'node-versoin: 22')) as Workflow;
    expect(actionInputErrors(broken)).toContain('peers: actions/setup-node@v4 has no input \'node-versoin\'');
    const unknown = parse(workflowText.replace('actions/checkout@v4', 'actions/checkout@main')) as Workflow;
    expect(actionInputErrors(unknown)[0]).toMatch(/actions\/checkout@main, an action this test does not know/);
  });
});

describe('what the release needs', () => {
  const { peers, build, release } = workflow.jobs;

  it('runs on a version tag and by hand, read-only except for the job that creates the release', () => {
    expect(workflow.on.push).toEqual({ tags: ['v*.*.*'] });
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(release?.permissions).toEqual({ contents: 'write' });
    expect(Object.keys(workflow.jobs).filter((id) => workflow.jobs[id]!.permissions)).toEqual(['release']);
  });

  it('builds on Windows, macOS and Linux: npm ci, the tests without peers, then the installers', () => {
    expect(build?.strategy?.matrix.include.map((entry) => [entry.os, entry.target])).toEqual([
      ['windows-latest', '--win'], ['macos-latest', '--mac'], ['ubuntu-latest', '--linux'],
    ]);
    // Peers are absent on these runners on purpose: their suites skip instead of failing under CI=true.
    expect(build?.env).toMatchObject({ CI: 'true', SMTP_PROBE_PEERS: 'none' });
    const commands = runs(build!);
    const order = ['npm ci', 'npx vitest run test/unit test/integration', 'scripts/release-signing.mjs configure', 'npm run dist --'];
    const positions = order.map((command) => commands.indexOf(command));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // electron-builder must not publish on its own: only the release job does, once.
    expect(commands).toMatch(/npm run dist -- \$\{\{ matrix.target \}\} --publish never/);
  });

  it('uploads every installer electron-builder.yml makes, and electron-updater\'s latest*.yml', () => {
    const upload = build!.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    const paths = String(upload?.with?.path).trim().split('\n');
    for (const ext of ['exe', 'dmg', 'AppImage', 'deb', 'blockmap']) expect(paths).toContain(`release/*.${ext}`);
    expect(paths).toContain('release/latest*.yml');
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('runs the whole suite with the peers as .ci/run does: Debian, root, install.sh, npm ci, npm test', () => {
    expect(peers?.container?.image).toMatch(/^debian:/);
    expect(peers?.container?.options).toContain('--privileged');
    expect(peers?.env).toMatchObject({ CI: 'true' });
    expect(peers?.env).not.toHaveProperty('SMTP_PROBE_PEERS');
    expect(peers?.steps.map((step) => step.run).filter(Boolean)).toEqual(['bash test/peers/install.sh', 'npm ci', 'npm test']);
  });

  it('creates the release only after both, with a winget manifest, notes on signing, every asset', () => {
    expect(release?.needs).toEqual(['peers', 'build']);
    const commands = runs(release!);
    expect(commands).toContain('node scripts/winget-manifest.mjs');
    expect(commands).toContain('node scripts/release-signing.mjs notes');
    expect(commands).toMatch(/gh release create "\$RELEASE_TAG" --verify-tag --draft/);
    for (const asset of ['*.exe', '*.dmg', '*.AppImage', '*.deb', '*.blockmap', 'latest*.yml', 'winget-manifest-']) {
      expect(commands).toContain(asset);
    }
  });

  it('secrets reach only the signing step, as environment variables (never on a command line)', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) {
        expect(step.run ?? '').not.toContain('secrets.');
        const secretEnv = Object.values(step.env ?? {}).filter((value) => String(value).includes('secrets.'));
        if (secretEnv.length > 0) expect(step.run).toContain('scripts/release-signing.mjs configure');
      }
    }
  });
});

describe('electron-builder.yml and the release', () => {
  const builder = parse(readFileSync(path.resolve('electron-builder.yml'), 'utf8')) as Record<string, { artifactName?: string } | unknown>;
  const artifactNames = ['nsis', 'portable', 'dmg', 'linux'].map((key) => (builder[key] as { artifactName: string }).artifactName);

  it('artifact names have no spaces: GitHub renames such assets, and latest.yml and winget would point nowhere', () => {
    expect(artifactNames).toHaveLength(4);
    for (const name of artifactNames) expect(name).not.toMatch(/\s|\$\{productName\}/);
  });

  it('the NSIS installer\'s name is the one the winget script looks for', () => {
    const nsisName = (builder.nsis as { artifactName: string }).artifactName;
    const made = (arch: string) => nsisName.replace('${name}', 'smtp-probe').replace('${version}', '1.2.3')
      .replace('${arch}', arch).replace('${ext}', 'exe');
    expect([...findInstallers([made('x64'), made('arm64')], '1.2.3').keys()]).toEqual(['x64', 'arm64']);
  });

  it('publishes to GitHub Releases, where electron-updater looks', () => {
    expect(builder.publish).toMatchObject({ provider: 'github' });
  });
});

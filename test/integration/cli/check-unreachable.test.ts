/**
 * "No route to the server" for real: the CLI runs inside a network namespace of our own
 * (test/helpers/netns.ts) where a documentation network is routed "unreachable" and another has no
 * route at all. The kernel refuses the connect at once; the report names it and exits with the
 * connect stage's code. Nothing leaves the namespace.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { createNetNamespace, netnsAvailable, NO_ROUTE_ADDRESS, type NetNamespace } from '../../helpers/netns.ts';
import { describeWithPeer } from '../../helpers/peers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

await describeWithPeer('a network namespace (root + iproute2)', netnsAvailable, 'smtp-probe check with no route to the server', () => {
  let ns: NetNamespace;
  beforeAll(() => {
    ns = createNetNamespace();
  });
  afterAll(() => ns.remove());

  function checkInside(address: string) {
    const [cmd, ...prefix] = ns.exec;
    const run = spawnSync(cmd!, [...prefix, process.execPath, path.join(root, 'bin/smtp-probe.js'), 'check', '--server', address, '--port', '25', '--tls', 'none', '--no-public-ip', '--dns-server', '127.0.0.1:5300', '--timeout', '5', '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    });
    return { code: run.status, report: runReportSchema.parse(JSON.parse(run.stdout)), stderr: run.stderr };
  }

  it.each([
    ['an "unreachable" route (EHOSTUNREACH)', '192.0.2.1', 'EHOSTUNREACH', /host is unreachable/],
    ['no route at all (ENETUNREACH)', NO_ROUTE_ADDRESS, 'ENETUNREACH', /network is unreachable/],
  ])('%s: exit code of the connect stage, connect.unreachable with the reason', (_name, address, cause, reason) => {
    const { code, report } = checkInside(address);
    expect(code).toBe(EXIT_CODES.connect);
    expect(report.smtp?.error).toMatchObject({ code: 'EHOSTUNREACH', phase: 'connect', cause });
    expect(report.steps.find((s) => s.id === 'connect')?.status).toBe('fail');
    const finding = report.findings.find((f) => f.code === 'connect.unreachable');
    expect(finding?.message).toMatch(reason);
    expect(finding?.message).toContain(address);
  });
});

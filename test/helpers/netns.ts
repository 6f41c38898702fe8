/**
 * A network namespace of our own, for errors that loopback cannot produce: inside it only `lo`
 * exists, so a connection to a documentation address (RFC 5737, 192.0.2.0/24) fails at once with
 * ENETUNREACH, or with EHOSTUNREACH where we add an `unreachable` route. No packet leaves the
 * namespace: there is no interface to leave through. Needs root and iproute2 (test/peers/install.sh).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface NetNamespace {
  name: string;
  /** argv prefix that runs a command inside the namespace. */
  exec: string[];
  remove(): void;
}

/** A documentation network (RFC 5737) routed as "unreachable" inside the namespace. */
export const UNREACHABLE_NET = '192.0.2.0/24';
/** Another documentation network with no route at all inside the namespace. */
export const NO_ROUTE_ADDRESS = '198.51.100.7';

export function createNetNamespace(): NetNamespace {
  const name = `smtp-probe-${process.pid}-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' });
  const remove = () => execFileSync('ip', ['netns', 'delete', name], { stdio: 'pipe' });
  try {
    execFileSync('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'exec', name, 'ip', 'route', 'add', 'unreachable', UNREACHABLE_NET], { stdio: 'pipe' });
  } catch (err) {
    remove();
    throw err;
  }
  return { name, exec: ['ip', 'netns', 'exec', name], remove };
}

/** Whether this machine lets us create one (root with iproute2); checked once by the suite. */
export async function netnsAvailable(): Promise<boolean> {
  try {
    createNetNamespace().remove();
    return true;
  } catch {
    return false;
  }
}

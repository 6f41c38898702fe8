/**
 * A loopback port that silently drops connection attempts, for the `connect.timeout` finding:
 * a client's SYN gets no answer at all (no SYN-ACK, no RST), so only its own deadline ends it.
 *
 * How: a listener with backlog 0 that never calls accept(), whose accept queue we fill with one
 * connection of our own. Linux then drops every further SYN (tcp_conn_request: "accept queue
 * full" is checked before a SYN-ACK is sent, whatever net.ipv4.tcp_syncookies says), and with
 * net.ipv4.tcp_abort_on_overflow = 0 (the default) it never answers with a reset.
 *
 * Node's net.Server always accepts, so the listener lives in a tiny perl child (perl-base is
 * Essential on Debian): bind 127.0.0.1:0, listen(0), print the port, sleep.
 * Everything stays on loopback; nothing is sent anywhere else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

export interface BlackholePort {
  host: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Long enough for a loopback handshake that the kernel answers; short enough to fill fast. */
const FILL_PROBE_MS = 300;
const MAX_FILLERS = 16;

const LISTENER_SCRIPT = `
use Socket;
socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!\\n";
bind($s, pack_sockaddr_in(0, inet_aton("${HOST}"))) or die "bind: $!\\n";
listen($s, 0) or die "listen: $!\\n";
my ($port) = unpack_sockaddr_in(getsockname($s));
$| = 1;
print "$port\\n";
# Never accept(). Exit when the parent closes our stdin (or kills us).
my $buf;
while (sysread(STDIN, $buf, 1)) {}
`;

export async function createBlackholePort(): Promise<BlackholePort> {
  assertNoAbortOnOverflow();
  const child = spawn('perl', ['-e', LISTENER_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await readPort(child);
  const fillers: net.Socket[] = [];
  const close = async (): Promise<void> => {
    for (const socket of fillers) socket.destroy();
    await stopChild(child);
  };
  try {
    await fillAcceptQueue(port, fillers);
  } catch (error) {
    await close();
    throw error;
  }
  return { host: HOST, port, close };
}

/** With tcp_abort_on_overflow = 1 the kernel would answer with RST: a refusal, not a silent drop. */
function assertNoAbortOnOverflow(): void {
  let value: string;
  try {
    value = readFileSync('/proc/sys/net/ipv4/tcp_abort_on_overflow', 'utf8').trim();
  } catch (error) {
    throw new Error(`blackhole: needs Linux (/proc/sys/net/ipv4/tcp_abort_on_overflow unreadable: ${String(error)})`, { cause: error });
  }
  if (value !== '0') {
    throw new Error(`blackhole: net.ipv4.tcp_abort_on_overflow is ${value}; full accept queues would send RST instead of dropping SYNs`);
  }
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (why: string) => reject(new Error(`blackhole: the perl listener ${why}${err ? `: ${err.trim()}` : ''}`));
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n');
      if (line.length < 2) return;
      const port = Number(line[0]);
      if (Number.isInteger(port) && port > 0 && port < 65536) resolve(port);
      else fail(`printed ${JSON.stringify(line[0])} instead of a port`);
    });
  });
}

/**
 * Connects until one attempt no longer completes: from then on the accept queue is full.
 * The attempt that hangs is destroyed; the ones that connected stay open (and unaccepted).
 */
async function fillAcceptQueue(port: number, fillers: net.Socket[]): Promise<void> {
  for (let i = 0; i < MAX_FILLERS; i++) {
    const socket = net.connect({ host: HOST, port });
    const outcome = await new Promise<'connect' | 'hang' | Error>((resolve) => {
      const timer = setTimeout(() => resolve('hang'), FILL_PROBE_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve('connect');
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        resolve(error);
      });
    });
    if (outcome === 'connect') {
      // The peer never reads or writes; an error here would only be our own destroy().
      socket.on('error', () => socket.destroy());
      fillers.push(socket);
      continue;
    }
    socket.destroy();
    if (outcome === 'hang') {
      if (fillers.length === 0) throw new Error('blackhole: the listener did not accept even one handshake');
      return;
    }
    throw new Error(`blackhole: filling the accept queue failed: ${outcome.message}`);
  }
  throw new Error(`blackhole: the accept queue still took connections after ${MAX_FILLERS}; SYNs would not be dropped`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}

/**
 * The built-in test server as the app sees it: start (default ports when free, random ones
 * otherwise), stop, status, demo behaviours, inbox. Its events go to the renderer as plain text.
 */
import path from 'node:path';
import type { SandboxBehavioursView, SandboxMessageText, SandboxMessageView, SandboxStatus } from '../../../shared/ipc/sandbox-types.ts';
import { SandboxError } from '../sandbox/sandbox-error.ts';
import { SANDBOX_DEFAULT_PORTS } from '../sandbox/sandbox-types.ts';
import type { Sandbox, SandboxBehaviours, SandboxEvent } from '../sandbox/index.ts';
import { DEFAULT_BEHAVIOURS } from '../sandbox/policy.ts';
import type { Emit } from './service-deps.ts';

/** One line for the sandbox's event log; never a password (SandboxEvent carries none). */
export function sandboxEventText(e: SandboxEvent): string {
  switch (e.type) {
    case 'listening':
      return `listening on ${e.host}:${e.smtpPort} (STARTTLS) and ${e.host}:${e.tlsPort} (implicit TLS)`;
    case 'connection':
      return `connection ${e.sessionId} from ${e.remoteAddress} (${e.listener})`;
    case 'banner-delayed':
      return `holding the greeting of ${e.sessionId} for ${e.delayMs} ms`;
    case 'banner-released':
      return `greeting sent to ${e.sessionId}`;
    case 'auth':
      return `AUTH ${e.method} as ${e.user}: ${e.accepted ? 'accepted' : 'rejected'}`;
    case 'rejected':
      return `${e.stage} rejected: ${e.reply}`;
    case 'message':
      return `message from <${e.message.from}> to ${e.message.to.map((t) => `<${t}>`).join(', ')} (${e.message.sizeOctets} octets)`;
    case 'notice':
      return e.text;
    case 'error':
      return `error (${e.error.code}, ${e.error.phase}): ${e.error.message}`;
    case 'closed':
      return 'stopped';
  }
}

export class SandboxControl {
  private sandbox: Sandbox | undefined;
  private starting: Promise<Sandbox> | undefined;
  private pending: Partial<SandboxBehaviours> = {};

  constructor(
    private readonly o: { dataDir: string; emit: Emit; ports?: { smtp: number; tls: number } },
  ) {}

  get running(): Sandbox | undefined {
    return this.sandbox;
  }

  status(): SandboxStatus {
    const s = this.sandbox;
    if (!s) return { running: false, behaviours: { ...defaultView(), ...this.pending } };
    return {
      running: true,
      host: s.host,
      smtpPort: s.smtpPort,
      tlsPort: s.tlsPort,
      hostname: s.hostname,
      user: s.credentials.user,
      password: s.credentials.password,
      localDomains: s.localDomains,
      authMechanisms: [...s.authMechanisms],
      behaviours: s.behaviours(),
    };
  }

  /** Starts the server if it is not running; concurrent callers share one start. */
  ensure(): Promise<Sandbox> {
    if (this.sandbox) return Promise.resolve(this.sandbox);
    this.starting ??= this.startNow().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startNow(): Promise<Sandbox> {
    const base = {
      dataDir: path.join(this.o.dataDir, 'sandbox'),
      behaviours: this.pending,
      onEvent: (e: SandboxEvent) => this.o.emit('sandbox/event', { text: sandboxEventText(e), t: e.t }),
    };
    const ports = this.o.ports ?? SANDBOX_DEFAULT_PORTS;
    // Loaded on the first start: smtp-server and the certificate maker stay out of the app's start-up.
    const { startSandbox } = await import('../sandbox/sandbox-server.ts');
    let sandbox: Sandbox;
    try {
      sandbox = await startSandbox({ ...base, smtpPort: ports.smtp, tlsPort: ports.tls });
    } catch (err) {
      // The usual ports are taken (another copy, another tool): random free ones work as well,
      // the profile takes the ports from the running server.
      if (!(err instanceof SandboxError && err.code === 'EADDRINUSE') || (ports.smtp === 0 && ports.tls === 0)) throw err;
      sandbox = await startSandbox({ ...base, smtpPort: 0, tlsPort: 0 });
    }
    this.sandbox = sandbox;
    return sandbox;
  }

  async stop(): Promise<SandboxStatus> {
    if (this.starting) await this.starting.catch(() => undefined); // a failed start leaves nothing to stop
    const s = this.sandbox;
    this.sandbox = undefined;
    if (s) {
      this.pending = s.behaviours();
      await s.close();
    }
    return this.status();
  }

  setBehaviours(b: Partial<SandboxBehaviours>): SandboxBehavioursView {
    const defined = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)) as Partial<SandboxBehaviours>;
    if (this.sandbox) {
      this.sandbox.setBehaviours(defined);
      return this.sandbox.behaviours();
    }
    this.pending = { ...this.pending, ...defined };
    return { ...defaultView(), ...this.pending };
  }

  /** One received message for the inbox viewer; undefined when the server is stopped or the id unknown. */
  async message(id: string): Promise<SandboxMessageText | undefined> {
    const read = await this.sandbox?.readMessage(id);
    return read ? { id, ...read } : undefined;
  }

  async messages(): Promise<SandboxMessageView[]> {
    if (!this.sandbox) return [];
    const list = await this.sandbox.listMessages();
    // The file path stays in main: the renderer gets the envelope and the summary only.
    return list.map((m) => {
      const view: SandboxMessageView = { id: m.id, receivedAt: m.receivedAt, from: m.from, to: m.to, sizeOctets: m.sizeOctets, tls: m.tls };
      if (m.subject !== undefined) view.subject = m.subject;
      if (m.authenticatedUser !== undefined) view.authenticatedUser = m.authenticatedUser;
      return view;
    });
  }
}

function defaultView(): SandboxBehavioursView {
  return { ...DEFAULT_BEHAVIOURS };
}

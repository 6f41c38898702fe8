/**
 * startSandbox(): the built-in test server. Two listeners on 127.0.0.1, plain with STARTTLS
 * and implicit TLS, sharing one certificate, one set of credentials, one inbox and one set
 * of behaviours. Messages are only stored; nothing is ever relayed or delivered.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SMTPServerOptions } from 'smtp-server';
import { loadOrCreateCertificate } from './certificate.ts';
import { loadOrCreateCredentials } from './credentials.ts';
import { listInbox, readInboxMessage } from './inbox.ts';
import { Greylist, mergeBehaviours } from './policy.ts';
import { SandboxError, toSandboxError } from './sandbox-error.ts';
import { localDomainsFor, resolveSandboxOptions } from './sandbox-options.ts';
import type { Sandbox, SandboxBehaviours, SandboxEvent, SandboxListener, SandboxOptions } from './sandbox-types.ts';
import { createSessionHandlers } from './session-handlers.ts';
import type { SessionContext } from './session-handlers.ts';
import { SandboxSmtpServer, closeListener, listenOn } from './smtp-listener.ts';

/** Caps that keep one misbehaving client from exhausting the machine. */
const LIMITS = {
  maxClients: 20,
  maxRecipients: 100,
  socketTimeoutMs: 60_000,
  closeTimeoutMs: 2_000,
} as const;

const BANNER = 'SMTP Probe sandbox: messages are stored on this computer, never delivered';

function safeEmitter(onEvent: ((e: SandboxEvent) => void) | undefined): (e: SandboxEvent) => void {
  return (e) => {
    if (!onEvent) return;
    try {
      onEvent(e);
    } catch (err) {
      // A host's listener must not take the server down with it; the failure stays visible.
      process.emitWarning(`Sandbox onEvent listener threw: ${err instanceof Error ? err.message : String(err)}`, 'SandboxWarning');
    }
  };
}

async function ensureDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw toSandboxError(err, 'EDATADIR', 'data-dir', `Cannot create the sandbox folder ${path}`);
  }
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const config = resolveSandboxOptions(options);
  const emit = safeEmitter(config.onEvent);
  const t = () => new Date().toISOString();
  const inboxDir = join(config.dataDir, 'inbox');
  await ensureDir(config.dataDir);
  await ensureDir(inboxDir);

  const certificate = await loadOrCreateCertificate(config.dataDir, config.hostname);
  if (certificate.createdBecause) emit({ type: 'notice', t: t(), text: `New self-signed certificate: ${certificate.createdBecause}` });
  const credentials = await loadOrCreateCredentials(config.dataDir);
  if (credentials.createdBecause) emit({ type: 'notice', t: t(), text: `New sandbox credentials: ${credentials.createdBecause}` });

  let behaviours: SandboxBehaviours = config.behaviours;
  const localDomains = localDomainsFor(config.hostname);
  const ctx: SessionContext = {
    hostname: config.hostname,
    inboxDir,
    localDomains,
    credentials: { user: credentials.user, password: credentials.password },
    maxMessageBytes: config.maxMessageBytes,
    greylist: new Greylist(),
    behaviours: () => behaviours,
    emit,
    bannerTimers: new Set(),
    saving: { count: 0 },
  };

  const common: SMTPServerOptions = {
    name: config.hostname,
    banner: BANNER,
    key: certificate.keyPem,
    cert: certificate.certPem,
    minVersion: 'TLSv1.2',
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
    // A sink: AUTH is offered and checked, but mail without it is accepted too.
    authOptional: true,
    // Like a real submission server: no AUTH before TLS (RFC 4954 §4, RFC 8314 §3).
    allowInsecureAuth: false,
    hideENHANCEDSTATUSCODES: false,
    hideDSN: false,
    hideREQUIRETLS: true,
    size: config.maxMessageBytes,
    rejectOversized: true,
    // No reverse lookup: nothing the sandbox does may leave the machine, DNS included.
    disableReverseLookup: true,
    logger: false,
    maxClients: LIMITS.maxClients,
    maxRecipients: LIMITS.maxRecipients,
    socketTimeout: LIMITS.socketTimeoutMs,
    closeTimeout: LIMITS.closeTimeoutMs,
    useXClient: false,
    useXForward: false,
  };
  const makeServer = (listener: SandboxListener) => {
    return new SandboxSmtpServer({ ...common, secure: listener === 'tls', ...createSessionHandlers(ctx, listener) });
  };
  const plain = makeServer('smtp');
  const implicit = makeServer('tls');
  const reportSessionError = (err: Error) => {
    const error = new SandboxError('ESESSION', 'session', `A client connection failed: ${err.message}`, err);
    emit({ type: 'error', t: t(), error: error.toInfo() });
  };

  let smtpPort: number;
  let tlsPort: number;
  try {
    smtpPort = await listenOn(plain, config.host, config.smtpPort, 'SMTP with STARTTLS');
    tlsPort = await listenOn(implicit, config.host, config.tlsPort, 'implicit TLS');
  } catch (err) {
    await Promise.all([closeListener(plain), closeListener(implicit)]);
    throw err;
  }
  plain.on('error', reportSessionError);
  implicit.on('error', reportSessionError);
  emit({ type: 'listening', t: t(), host: config.host, smtpPort, tlsPort });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const timer of ctx.bannerTimers) clearTimeout(timer);
      ctx.bannerTimers.clear();
      await Promise.all([closeListener(plain), closeListener(implicit)]);
      emit({ type: 'closed', t: t() });
    })();
    return closing;
  };

  return {
    host: config.host,
    smtpPort,
    tlsPort,
    hostname: config.hostname,
    credentials: { ...ctx.credentials },
    certificatePem: certificate.certPem,
    certificatePath: certificate.certPath,
    dataDir: config.dataDir,
    inboxDir,
    localDomains: [...localDomains],
    behaviours: () => ({ ...behaviours }),
    setBehaviours(update) {
      behaviours = mergeBehaviours(behaviours, update);
    },
    async listMessages() {
      let result;
      try {
        result = await listInbox(inboxDir);
      } catch (err) {
        throw toSandboxError(err, 'EINBOX', 'inbox', `Cannot read the inbox ${inboxDir}`);
      }
      for (const problem of result.problems) {
        emit({ type: 'error', t: t(), error: { code: 'EINBOX', phase: 'inbox', message: `Skipped ${problem.file}: ${problem.reason}` } });
      }
      return result.messages;
    },
    async readMessage(id) {
      try {
        return await readInboxMessage(inboxDir, id);
      } catch (err) {
        throw toSandboxError(err, 'EINBOX', 'inbox', `Cannot read the message ${id} in ${inboxDir}`);
      }
    },
    close,
  };
}

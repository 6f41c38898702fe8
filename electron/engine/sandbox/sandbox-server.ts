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
import type { SandboxCertificate } from './certificate.ts';
import type { SandboxCredentials } from './credentials.ts';
import { listInbox, readInboxMessage } from './inbox.ts';
import { Greylist, mergeBehaviours } from './policy.ts';
import { SandboxError, toSandboxError } from './sandbox-error.ts';
import { localDomainsFor, resolveSandboxOptions } from './sandbox-options.ts';
import type { ResolvedSandboxOptions } from './sandbox-options.ts';
import { offerNtlm, type NtlmServerNames } from './ntlm-mechanism.ts';
import { SANDBOX_AUTH_MECHANISMS, SANDBOX_NTLM_DOMAIN } from './sandbox-types.ts';
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

const now = () => new Date().toISOString();

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

type Emit = (e: SandboxEvent) => void;

/** The two listeners, once both are bound. */
interface Listeners {
  plain: SandboxSmtpServer;
  implicit: SandboxSmtpServer;
  smtpPort: number;
  tlsPort: number;
}

/** The folders, then the certificate and credentials, each replaced (with a notice) when unusable. */
async function loadSecrets(config: ResolvedSandboxOptions, inboxDir: string, emit: Emit): Promise<{ certificate: SandboxCertificate; credentials: SandboxCredentials }> {
  await ensureDir(config.dataDir);
  await ensureDir(inboxDir);
  const certificate = await loadOrCreateCertificate(config.dataDir, config.hostname);
  if (certificate.createdBecause) emit({ type: 'notice', t: now(), text: `New self-signed certificate: ${certificate.createdBecause}` });
  const credentials = await loadOrCreateCredentials(config.dataDir);
  if (credentials.createdBecause) emit({ type: 'notice', t: now(), text: `New sandbox credentials: ${credentials.createdBecause}` });
  return { certificate, credentials };
}

/** What both listeners share; only `secure` and the session handlers differ. */
function commonServerOptions(config: ResolvedSandboxOptions, certificate: SandboxCertificate): SMTPServerOptions {
  return {
    name: config.hostname,
    banner: BANNER,
    key: certificate.keyPem,
    cert: certificate.certPem,
    minVersion: 'TLSv1.2',
    authMethods: [...SANDBOX_AUTH_MECHANISMS],
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
}

/** The names the NTLM CHALLENGE carries: a NetBIOS name is at most 15 characters, upper case. */
function ntlmNames(hostname: string): NtlmServerNames {
  return { domain: SANDBOX_NTLM_DOMAIN, computer: (hostname.split('.')[0] ?? 'SANDBOX').slice(0, 15).toUpperCase() };
}

/** Binds both listeners, or neither: a failed second bind closes the first. */
async function startListeners(config: ResolvedSandboxOptions, ctx: SessionContext, common: SMTPServerOptions, emit: Emit): Promise<Listeners> {
  const makeServer = (listener: SandboxListener) => {
    const server = new SandboxSmtpServer({ ...common, secure: listener === 'tls', ...createSessionHandlers(ctx, listener) });
    offerNtlm(server, ntlmNames(config.hostname));
    return server;
  };
  const plain = makeServer('smtp');
  const implicit = makeServer('tls');
  const reportSessionError = (err: Error) => {
    const error = new SandboxError('ESESSION', 'session', `A client connection failed: ${err.message}`, err);
    emit({ type: 'error', t: now(), error: error.toInfo() });
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
  emit({ type: 'listening', t: now(), host: config.host, smtpPort, tlsPort });
  return { plain, implicit, smtpPort, tlsPort };
}

/** close() for the handle: idempotent, later calls get the first call's promise. */
function closer(ctx: SessionContext, listeners: Listeners, emit: Emit): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      for (const timer of ctx.bannerTimers) clearTimeout(timer);
      ctx.bannerTimers.clear();
      await Promise.all([closeListener(listeners.plain), closeListener(listeners.implicit)]);
      emit({ type: 'closed', t: now() });
    })();
    return closing;
  };
}

/** The handle's inbox readers: file problems become EINBOX errors or events, never crashes. */
function inboxReaders(inboxDir: string, emit: Emit): Pick<Sandbox, 'listMessages' | 'readMessage'> {
  return {
    async listMessages() {
      let result;
      try {
        result = await listInbox(inboxDir);
      } catch (err) {
        throw toSandboxError(err, 'EINBOX', 'inbox', `Cannot read the inbox ${inboxDir}`);
      }
      for (const problem of result.problems) {
        emit({ type: 'error', t: now(), error: { code: 'EINBOX', phase: 'inbox', message: `Skipped ${problem.file}: ${problem.reason}` } });
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
  };
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const config = resolveSandboxOptions(options);
  const emit = safeEmitter(config.onEvent);
  const inboxDir = join(config.dataDir, 'inbox');
  const { certificate, credentials } = await loadSecrets(config, inboxDir, emit);

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
  const listeners = await startListeners(config, ctx, commonServerOptions(config, certificate), emit);

  return {
    host: config.host,
    smtpPort: listeners.smtpPort,
    tlsPort: listeners.tlsPort,
    hostname: config.hostname,
    credentials: { ...ctx.credentials },
    certificatePem: certificate.certPem,
    certificatePath: certificate.certPath,
    dataDir: config.dataDir,
    inboxDir,
    localDomains: [...localDomains],
    authMechanisms: SANDBOX_AUTH_MECHANISMS,
    behaviours: () => ({ ...behaviours }),
    setBehaviours(update) {
      behaviours = mergeBehaviours(behaviours, update);
    },
    ...inboxReaders(inboxDir, emit),
    close: closer(ctx, listeners, emit),
  };
}

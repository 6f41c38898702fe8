/**
 * One whole run of the wizard, headless: MX lookup -> PTR checks -> SMTP session -> diagnosis
 * (an ungated run asks for our public IP alongside the MX lookup; the report keeps this order).
 * The CLI, the desktop app's "Run all" and the tests all go through here; each step's engine
 * module does the work, this file only sequences them and assembles the report.
 */
import os from 'node:os';
import type { CheckRequest } from '../../../shared/check-request.ts';
import { requestPort, type PortRule } from '../../../shared/check-request.ts';
import { RUN_DEADLINE_MS } from '../../../shared/timeout-limits.ts';
import type { ClientSideEvidence, DnsEvidence, DnsOutcome, EngineError, MxEvidence, PtrEvidence, RunEvidence, RunInterruption, SmtpEvidence } from '../../../shared/evidence.ts';
import type { RunReport } from '../../../shared/report.ts';
// Not from report.ts: that module builds the report's schemas, which a run does not parse.
import { REPORT_SCHEMA_VERSION } from '../../../shared/report-version.ts';
import { STEP_LABELS, type StepId } from '../../../shared/steps.ts';
import type { TranscriptEvent } from '../../../shared/transcript.ts';
import { diagnose, exitCodeFor } from '../diagnose/index.ts';
import type { AddressFamily, DnsOptions } from '../dns/index.ts';
import { addressFromEhloGreeting, checkPtr, inspectClientSide, lookupMx, parseIpAddress, resolveHost, suggestEhloName } from '../dns/index.ts';
import { abortError } from '../smtp/errors.ts';
import { checkEhloName } from '../smtp/address.ts';
import { connectionSpec, dialFamily, serverHost, type ConnectionSpec } from '../smtp/connection-spec.ts';
import { runSmtp } from '../smtp/run-smtp.ts';
import { otherFamilyOnly } from '../dns/other-family.ts';
import { TLS_PROBE_MS, probeTls } from '../smtp/tls-probe.ts';
import { createSecretScrubber, type SecretScrubber } from '../smtp/secret-scrubber.ts';
import { createRunBudget, isDeadlineAbort, type RunBudget } from '../run-budget.ts';
import { createTimeline, runTiming, type Timeline } from '../timeline.ts';
import { createTranscript, type TranscriptSink } from '../transcript.ts';
import type { EarlyDial } from '../smtp/early-dial.ts';
import { TOOL_VERSION } from '../version.ts';

export interface CheckHooks {
  onTranscript?: (event: TranscriptEvent) => void;
  onStep?: (step: StepId, phase: 'start' | 'end') => void;
  signal?: AbortSignal;
  /**
   * Awaited before each step starts (Run step / Run to here); see SmtpRunOptions.beforeStep.
   * `soFar` makes the report of the steps run until now (diagnosed and scrubbed), for a pause to show.
   * Resolving to 'held' says the gate held the run (waited for the user): the time goes into the
   * report's timing as a pause, apart from the server's.
   */
  beforeStep?: (step: StepId, soFar: () => RunReport) => Promise<void | 'held'>;
  /** A connection to the server dialled before the run (smtp/early-dial.ts): the connect takes it, or the run closes it unused. */
  early?: EarlyDial;
}

/** A sensible EHLO name when the user gives none: the machine's FQDN if it has one that EHLO may carry. */
export function defaultEhloName(): string {
  const host = os.hostname();
  return checkEhloName(host).ok ? host : 'smtp-probe.localdomain';
}

/**
 * The hooks inside a run: the gate already knows how to make the report so far; `gated` says
 * whether a caller's gate may hold the run between steps (Run step / Run to here).
 */
type BoundHooks = Omit<CheckHooks, 'beforeStep'> & { beforeStep: (step: StepId) => Promise<boolean>; gated: boolean };

/** What runSteps learns from the budget: which step runs now (for work outside a step), and how the run was cut short. */
interface RunTracker {
  at: (step: StepId) => void;
  interruption: () => RunInterruption | undefined;
}

/**
 * The run's hooks bound to its budget: one signal for DNS and SMTP (Stop or the deadline), the
 * clock stopped while the gate holds the run, and the step running when the signal fired.
 */
function budgetHooks(hooks: CheckHooks, budget: RunBudget, first: StepId, soFar: () => RunReport): { hooks: BoundHooks; tracker: RunTracker } {
  let current = first;
  let stoppedAt: StepId | undefined;
  budget.signal.addEventListener('abort', () => (stoppedAt = current), { once: true });
  const bound: BoundHooks = {
    signal: budget.signal,
    gated: hooks.beforeStep !== undefined,
    ...(hooks.onTranscript ? { onTranscript: hooks.onTranscript } : {}),
    ...(hooks.early ? { early: hooks.early } : {}),
    onStep: (step, phase) => {
      if (phase === 'start') current = step;
      hooks.onStep?.(step, phase);
    },
    beforeStep: async (step) => {
      current = step;
      budget.pause();
      try {
        return (await hooks.beforeStep?.(step, soFar)) === 'held';
      } finally {
        budget.resume();
      }
    },
  };
  const interruption = () =>
    stoppedAt === undefined ? undefined : { reason: isDeadlineAbort(budget.signal) ? ('deadline' as const) : ('cancelled' as const), step: stoppedAt, deadlineMs: budget.deadlineMs };
  return { hooks: bound, tracker: { at: (step) => (current = step), interruption } };
}

/**
 * Runs the steps within one time budget (request.deadlineMs); Stop through `hooks.signal` ends it too.
 * Everything the run lets out passes one scrub of its secret forms (smtp/secret-scrubber.ts): each
 * transcript line as it is made (and so every event), then the whole report, every string of it,
 * before it is returned to be printed, saved, exported or sent to a page.
 */
export async function runCheck(request: CheckRequest, given: CheckHooks = {}): Promise<RunReport> {
  const secrets = createSecretScrubber(request.auth);
  const budget = createRunBudget({ deadlineMs: request.deadlineMs ?? RUN_DEADLINE_MS.default, ...(given.signal ? { parent: given.signal } : {}) });
  try {
    const progress: Progress = {};
    const soFar = (): RunReport => {
      if (!progress.report) throw new Error('no report before the run has started');
      return secrets.scrubDeep(progress.report());
    };
    const { hooks, tracker } = budgetHooks(given, budget, request.server === undefined ? 'mx' : 'connect', soFar);
    // Fast mode only runs uninterrupted: a caller's gate (Run step / Run to here) keeps step mode.
    const asked = given.beforeStep && request.fast ? { ...request, fast: false } : request;
    return secrets.scrubDeep(await runSteps(asked, hooks, tracker, secrets, progress));
  } catch (error) {
    throw secrets.scrubError(error);
  } finally {
    given.early?.discard();
    budget.dispose();
  }
}

/** Set by runSteps once the run's context exists: the report of what has happened so far. */
interface Progress {
  report?: () => RunReport;
}

/** What the run has found so far: the report is assembled from it, at the end or at a pause. */
interface Found {
  host?: string;
  address?: string;
  /** The session's evidence as it stands (smtp/run-smtp.ts onEvidence), once it has started. */
  smtp?: () => SmtpEvidence;
}

/** What every phase of a run shares. */
interface RunContext {
  request: CheckRequest;
  hooks: BoundHooks;
  tracker: RunTracker;
  transcript: TranscriptSink;
  /** The spans of DNS, the session's transport phases and the message's composition (timeline.ts), on the transcript's clock. */
  timeline: Timeline;
  dnsOptions: DnsOptions;
  port: number;
  portRule: PortRule;
  dns: DnsEvidence;
  found: Found;
  step: (id: StepId, phase: 'start' | 'end') => void;
  gate: (id: StepId) => Promise<void>;
}

async function runSteps(request: CheckRequest, hooks: BoundHooks, tracker: RunTracker, secrets: SecretScrubber, progress: Progress): Promise<RunReport> {
  const startedAt = new Date().toISOString();
  const transcript = createTranscript({ onEvent: hooks.onTranscript, secrets });
  const timeline = createTimeline(transcript.now);
  const ctx: RunContext = {
    request,
    hooks,
    tracker,
    transcript,
    timeline,
    dnsOptions: { server: request.dnsServer, timeoutMs: request.timeouts.dns, ...(hooks.signal ? { signal: hooks.signal } : {}) },
    ...portOf(request),
    dns: {},
    found: {},
    step: hooks.onStep ?? (() => undefined),
    gate: pausesKept(hooks, timeline),
  };
  progress.report = () => assembleReport(ctx, startedAt, { ...ctx.found, smtp: ctx.found.smtp?.() });
  // Nothing holds an ungated run between steps: our own side (it needs no MX answer) is asked alongside the MX lookup.
  const ownSide = hooks.gated || !wantsPublicIp(request) ? undefined : handled(lookUpOwnSide(ctx));
  const host = (ctx.found.host = await findMxHost(ctx));
  const server = host !== undefined && !hooks.signal?.aborted ? await locateServer(ctx, host) : {};
  ctx.found.address = server.address;
  await inspectOwnSide(ctx, server.address !== undefined, ownSide);
  const spec = server.address !== undefined ? connectionSpec(request, { mx: ctx.dns.mx, address: server.address }) : undefined;
  const smtp = spec !== undefined && !hooks.signal?.aborted ? await runSession(ctx, spec) : server.unresolved;
  if (smtp && spec !== undefined) await probeSilentPort(ctx, spec, smtp);
  await learnSeenByServer(ctx, smtp);
  return assembleReport(ctx, startedAt, { host, address: server.address, smtp });
}

/** The caller's gate, each hold kept as a pause span: the time the run waited for the user, apart from the server's. */
function pausesKept(hooks: BoundHooks, timeline: Timeline): RunContext['gate'] {
  return async (step) => {
    await timeline.pause(`Paused before ${STEP_LABELS[step]}: waiting for you`, () => hooks.beforeStep(step));
  };
}

/** The port and why: given, 25 for an MX, or the usual one for the security mode (shared/check-request.ts). */
function portOf(request: CheckRequest): { port: number; portRule: PortRule } {
  const { port, rule } = requestPort(request);
  return { port, portRule: rule };
}

/** 1. MX: only when no server was given. The host to connect to, if any. */
async function findMxHost(ctx: RunContext): Promise<string | undefined> {
  const { request, transcript } = ctx;
  if (request.server !== undefined || request.domain === undefined) return request.server;
  await ctx.gate('mx');
  ctx.step('mx', 'start');
  transcript.add('info', `Looking up the MX records of ${request.domain} (${request.dnsServer ?? 'system resolver'})`);
  const domain = request.domain;
  const mx = (ctx.dns.mx = await ctx.timeline.time('dns', `MX lookup of ${domain}`, () => lookupMx(domain, ctx.dnsOptions), (r) => dnsFailed(r.outcome)));
  for (const h of mx.hosts) transcript.add('info', `MX ${h.priority} ${h.exchange} ${h.addresses.length ? h.addresses.join(', ') : `(${h.addressOutcome})`}`);
  if (mx.outcome !== 'ok') transcript.add('error', `MX lookup: ${mx.outcome}${mx.errorMessage ? ` (${mx.errorMessage})` : ''}`);
  ctx.step('mx', 'end');
  return serverHost(request, mx);
}

/** 2. The address we will connect to, and its PTR; without an address, the failed connect step. */
async function locateServer(ctx: RunContext, host: string): Promise<{ address?: string; unresolved?: SmtpEvidence }> {
  const { request, transcript, hooks } = ctx;
  // Resolving the server's name belongs to the connect step (its failure is the connect failure).
  ctx.tracker.at('connect');
  const family = dialFamily(request);
  const known = addressFromMx(ctx.dns.mx, host, family);
  if (known !== undefined) return { address: await serverPtr(ctx, known) };
  const resolved = await ctx.timeline.time('dns', `Address of ${host}`, () => resolveHost(host, family, ctx.dnsOptions), (r) => r.addresses.length === 0);
  const address = resolved.addresses[0]?.address;
  if (address === undefined) {
    const message = resolved.errorMessage ?? resolved.outcome;
    transcript.add('error', `could not resolve ${host}: ${message}`);
    const other = await otherFamilyOnly(host, family, resolved.outcome, (version) =>
      ctx.timeline.time('dns', `Address of ${host} over IPv${version}`, () => resolveHost(host, version, ctx.dnsOptions), (r) => r.addresses.length === 0),
    );
    if (other !== undefined) transcript.add('error', other.message);
    // No address, no session: the connect step fails with the DNS outcome as its cause (or Stop / the deadline).
    const error: EngineError =
      resolved.outcome === 'cancelled' ? abortError(hooks.signal, 'dns', `while resolving ${host}`).detail : (other ?? { code: 'EDNS', phase: 'dns', message, cause: resolved.outcome });
    const connect = { ok: false, elapsedMs: resolved.elapsedMs, error };
    return { unresolved: { target: { host, port: ctx.port, security: request.security }, connect, commands: [], violations: [], elapsedMs: resolved.elapsedMs } };
  }
  return { address: await serverPtr(ctx, address) };
}

/**
 * The address the MX step already found for `host` (IPv4 first, of the asked family), so the host
 * is not asked again: a domain's mail goes to the addresses DNS gives its MX hosts, as an MTA
 * would use them. Undefined sends the name to resolveHost, whose outcome then tells why not.
 */
function addressFromMx(mx: MxEvidence | undefined, host: string, family: AddressFamily): string | undefined {
  const addresses = mx?.hosts.find((h) => h.exchange === host && !h.invalid)?.addresses ?? [];
  const ips = addresses.map(parseIpAddress).filter((ip) => ip !== null);
  return ips.find((ip) => family === 0 || ip.family === family)?.address;
}

/** The PTR step for the server's address (it goes on in inspectOwnSide). */
async function serverPtr(ctx: RunContext, address: string): Promise<string> {
  await ctx.gate('ptr');
  ctx.step('ptr', 'start');
  const ptr = (ctx.dns.serverPtr = await ptrTimed(ctx, address, `PTR of the server, ${address}`));
  ctx.transcript.add('info', `PTR of ${address}: ${ptr.names.join(', ') || ptr.outcome}${ptr.forwardConfirmed ? ' (forward-confirmed)' : ''}`);
  return address;
}

/** DNS outcomes that are no answer at all (an NXDOMAIN or empty answer is an answer). */
function dnsFailed(outcome: DnsOutcome): boolean {
  return outcome !== 'ok' && outcome !== 'nxdomain' && outcome !== 'nodata';
}

function ptrTimed(ctx: RunContext, address: string, label: string): Promise<PtrEvidence> {
  return ctx.timeline.time('dns', label, () => checkPtr(address, ctx.dnsOptions), (r) => dnsFailed(r.outcome));
}

function wantsPublicIp(request: CheckRequest): boolean {
  return request.publicIpResolvers === undefined || request.publicIpResolvers.length > 0;
}

function lookUpOwnSide(ctx: RunContext): Promise<ClientSideEvidence> {
  const { request } = ctx;
  const look = () => inspectClientSide({ ehloName: request.ehloName, publicIpResolvers: request.publicIpResolvers, dns: ctx.dnsOptions });
  return ctx.timeline.time('dns', 'Your public IP and its PTR', look, (r) => dnsFailed(r.publicIpOutcome));
}

/** Marks a promise started ahead of its use as handled: awaiting it where it is used still throws. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Our own side, which no web tester can see: public IP and its PTR (part of the PTR step). `early`
 * is the lookup started with the run; its lines and step events are written here, where it is used.
 */
async function inspectOwnSide(ctx: RunContext, ptrStarted: boolean, early: Promise<ClientSideEvidence> | undefined): Promise<void> {
  const { request, transcript } = ctx;
  const discoverPublicIp = wantsPublicIp(request);
  if (!ctx.hooks.signal?.aborted && discoverPublicIp) {
    if (!ptrStarted) {
      await ctx.gate('ptr');
      ctx.step('ptr', 'start');
    }
    const client = (ctx.dns.client = await (early ?? lookUpOwnSide(ctx)));
    if (client.publicIp) transcript.add('info', `Your public IP: ${client.publicIp} (${client.publicIpSource ?? 'DNS'})`);
    else transcript.add('info', `Your public IP could not be discovered over DNS (${client.publicIpOutcome})`);
  } else if (early) {
    // Stopped: the one signal cancelled its questions; the run ends only after they have settled.
    await early.catch(() => undefined);
  }
  if (ptrStarted || discoverPublicIp) ctx.step('ptr', 'end');
}

/** 3. The SMTP session, over the connection as specified once (smtp/connection-spec.ts). */
function runSession(ctx: RunContext, connection: ConnectionSpec): Promise<SmtpEvidence> {
  const { request, hooks } = ctx;
  return runSmtp({
    connection,
    auth: request.auth,
    from: request.from,
    to: request.to,
    dsnNotify: request.dsnNotify,
    message: { subject: request.subject, text: request.body, headers: request.headers },
    stopAfter: request.stopAfter,
    ...(request.fast ? { fast: true } : {}),
    signal: hooks.signal,
    transcript: ctx.transcript,
    onStep: hooks.onStep,
    beforeStep: ctx.gate,
    timeline: ctx.timeline,
    onEvidence: (soFar) => (ctx.found.smtp = soFar),
    ...(hooks.early ? { early: hooks.early } : {}),
  });
}

/** Banner errors that mean "no greeting came": the server may be waiting for our TLS handshake. */
const SILENT_BANNER = ['ETIMEDOUT', 'ECLOSED', 'ECONNRESET'];

/**
 * Part of the banner step: no greeting in plain text, so a second, short connection asks whether
 * the port speaks TLS from the first byte (smtp/tls-probe.ts); diagnose/ turns a yes into tls.wrong-mode.
 */
async function probeSilentPort(ctx: RunContext, spec: ConnectionSpec, smtp: SmtpEvidence): Promise<void> {
  const code = smtp.banner?.error?.code;
  if (code === undefined || !SILENT_BANNER.includes(code) || smtp.target.security === 'implicit' || ctx.hooks.signal?.aborted) return;
  ctx.tracker.at('banner');
  const { transcript } = ctx;
  transcript.add('info', `No greeting in plain text: trying a TLS handshake on port ${spec.port} (does it expect TLS from the first byte?)`);
  const asked = {
    host: smtp.target.remoteAddress ?? spec.dial,
    port: spec.port,
    ...(spec.tls.servername !== undefined ? { servername: spec.tls.servername } : {}),
    ...(spec.source !== undefined ? { localAddress: spec.source } : {}),
    timeoutMs: Math.min(TLS_PROBE_MS, spec.timeouts.tlsHandshake ?? TLS_PROBE_MS),
    ...(ctx.hooks.signal ? { signal: ctx.hooks.signal } : {}),
  };
  const probe = await ctx.timeline.time('tls-probe', `TLS probe of port ${spec.port}`, () => probeTls(asked));
  smtp.tlsProbe = probe;
  if (probe.answered) transcript.add('tls', `Port ${spec.port} answered the TLS handshake (${probe.protocol ?? probe.error ?? 'TLS'}): it expects TLS from the first byte`);
  else transcript.add('info', `No TLS answer either (${probe.outcome}${probe.error ? `: ${probe.error}` : ''})`);
}

/**
 * What the server saw of us: the [address] many servers echo in their EHLO reply. Without a
 * discovered public IP, that address is the one whose PTR receiving servers will check.
 */
async function learnSeenByServer(ctx: RunContext, smtp: SmtpEvidence | undefined): Promise<void> {
  const greeting = smtp?.ehlo?.capabilities?.greeting;
  const seenByServer = greeting ? addressFromEhloGreeting(greeting) : undefined;
  if (seenByServer === undefined || ctx.hooks.signal?.aborted) return;
  ctx.transcript.add('info', `The server sees you as ${seenByServer}`);
  const client: ClientSideEvidence = ctx.dns.client ?? { publicIpOutcome: 'nodata' };
  client.seenByServer = seenByServer;
  if (client.ptr === undefined) {
    client.ptr = await ptrTimed(ctx, seenByServer, `PTR of ${seenByServer}, as the server sees you`);
    const suggested = suggestEhloName(client.ptr, seenByServer, ctx.request.ehloName);
    if (suggested !== undefined) client.suggestedEhlo = suggested;
  }
  ctx.dns.client = client;
}

function assembleReport(ctx: RunContext, startedAt: string, at: { host?: string; address?: string; smtp?: SmtpEvidence }): RunReport {
  const { request, dns } = ctx;
  const { host, address, smtp } = at;
  const interrupted = ctx.tracker.interruption();
  const evidence: RunEvidence = {
    startedAt,
    request: {
      domain: request.domain,
      server: request.server,
      port: ctx.port,
      security: request.security,
      ehloName: request.ehloName,
      authUser: request.auth?.user,
      authMechanism: request.auth?.mechanism,
      ...(request.auth?.withheld ? { authWithheld: { savedFor: request.auth.withheld.savedFor, nowFor: request.auth.withheld.nowFor } } : {}),
      from: request.from,
      to: request.to,
      stopAfter: request.stopAfter,
      ...(request.family !== 0 ? { family: request.family } : {}),
      ...(request.sourceAddress !== undefined ? { sourceAddress: request.sourceAddress } : {}),
    },
    dns,
    smtp,
    ...(interrupted ? { interrupted } : {}),
  };
  const { steps, findings } = diagnose(evidence);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'smtp-probe', version: TOOL_VERSION },
    target: { domain: request.domain, host, address, port: ctx.port, portRule: ctx.portRule, security: request.security },
    startedAt,
    finishedAt: new Date().toISOString(),
    source: { localAddress: smtp?.target.localAddress, localPort: smtp?.target.localPort, publicIp: dns.client?.publicIp },
    steps,
    findings,
    transcript: [...ctx.transcript.events],
    timing: runTiming(ctx.timeline, smtp),
    dns,
    smtp,
    request: evidence.request,
    ...(interrupted ? { interrupted } : {}),
    redacted: true,
    exitCode: exitCodeFor(steps),
  };
}

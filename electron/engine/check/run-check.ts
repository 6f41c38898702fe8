/**
 * One whole run of the wizard, headless: MX lookup -> PTR checks -> SMTP session -> diagnosis.
 * The CLI, the desktop app's "Run all" and the tests all go through here; each step's engine
 * module does the work, this file only sequences them and assembles the report.
 */
import os from 'node:os';
import type { CheckRequest } from '../../../shared/check-request.ts';
import { defaultPort } from '../../../shared/check-request.ts';
import type { ClientSideEvidence, DnsEvidence, RunEvidence, SmtpEvidence } from '../../../shared/evidence.ts';
import type { RunReport } from '../../../shared/report.ts';
import { REPORT_SCHEMA_VERSION } from '../../../shared/report.ts';
import type { StepId } from '../../../shared/steps.ts';
import type { TranscriptEvent } from '../../../shared/transcript.ts';
import { diagnose, exitCodeFor } from '../diagnose/index.ts';
import type { DnsOptions } from '../dns/index.ts';
import { addressFromEhloGreeting, checkPtr, inspectClientSide, isIpLiteral, lookupMx, resolveHost, suggestEhloName } from '../dns/index.ts';
import { checkEhloName } from '../smtp/address.ts';
import { runSmtp } from '../smtp/run-smtp.ts';
import { createTranscript } from '../transcript.ts';
import { TOOL_VERSION } from '../version.ts';

export interface CheckHooks {
  onTranscript?: (event: TranscriptEvent) => void;
  onStep?: (step: StepId, phase: 'start' | 'end') => void;
  signal?: AbortSignal;
  /** Awaited before each step starts (Run step / Run to here); see SmtpRunOptions.beforeStep. */
  beforeStep?: (step: StepId) => Promise<void>;
}

/** A sensible EHLO name when the user gives none: the machine's FQDN if it has one that EHLO may carry. */
export function defaultEhloName(): string {
  const host = os.hostname();
  return checkEhloName(host).ok ? host : 'smtp-probe.localdomain';
}

export async function runCheck(request: CheckRequest, hooks: CheckHooks = {}): Promise<RunReport> {
  const startedAt = new Date().toISOString();
  const transcript = createTranscript({ onEvent: hooks.onTranscript });
  const dnsOptions: DnsOptions = { server: request.dnsServer, timeoutMs: request.timeouts.dns };
  const port = request.port ?? defaultPort(request.security);
  const dns: DnsEvidence = {};
  const step = hooks.onStep ?? (() => undefined);
  const gate = hooks.beforeStep ?? (() => Promise.resolve());

  // 1. MX: only when no server was given.
  let host = request.server;
  if (host === undefined && request.domain !== undefined) {
    await gate('mx');
    step('mx', 'start');
    transcript.add('info', `Looking up the MX records of ${request.domain} (${request.dnsServer ?? 'system resolver'})`);
    dns.mx = await lookupMx(request.domain, dnsOptions);
    for (const h of dns.mx.hosts) transcript.add('info', `MX ${h.priority} ${h.exchange} ${h.addresses.length ? h.addresses.join(', ') : `(${h.addressOutcome})`}`);
    if (dns.mx.outcome !== 'ok') transcript.add('error', `MX lookup: ${dns.mx.outcome}${dns.mx.errorMessage ? ` (${dns.mx.errorMessage})` : ''}`);
    host = dns.mx.nullMx ? undefined : dns.mx.hosts.find((h) => h.addresses.length > 0 && !h.invalid)?.exchange;
    step('mx', 'end');
  }

  // 2. The address we will connect to, and its PTR.
  let address: string | undefined;
  let smtpUnresolved: SmtpEvidence | undefined;
  if (host !== undefined && !hooks.signal?.aborted) {
    const resolved = await resolveHost(host, request.family, dnsOptions);
    address = resolved.addresses[0]?.address;
    if (address === undefined) {
      const message = resolved.errorMessage ?? resolved.outcome;
      transcript.add('error', `could not resolve ${host}: ${message}`);
      // No address, no session: the connect step fails with the DNS outcome as its cause.
      smtpUnresolved = {
        target: { host, port, security: request.security },
        connect: { ok: false, elapsedMs: resolved.elapsedMs, error: { code: 'EDNS', phase: 'dns', message, cause: resolved.outcome } },
        commands: [],
        violations: [],
        elapsedMs: resolved.elapsedMs,
      };
    }
    if (address !== undefined) {
      await gate('ptr');
      step('ptr', 'start');
      dns.serverPtr = await checkPtr(address, dnsOptions);
      transcript.add('info', `PTR of ${address}: ${dns.serverPtr.names.join(', ') || dns.serverPtr.outcome}${dns.serverPtr.forwardConfirmed ? ' (forward-confirmed)' : ''}`);
    }
  }

  // Our own side, which no web tester can see: public IP and its PTR (part of the PTR step).
  const discoverPublicIp = request.publicIpResolvers === undefined || request.publicIpResolvers.length > 0;
  if (!hooks.signal?.aborted && discoverPublicIp) {
    if (address === undefined) {
      await gate('ptr');
      step('ptr', 'start');
    }
    dns.client = await inspectClientSide({ ehloName: request.ehloName, publicIpResolvers: request.publicIpResolvers, dns: dnsOptions });
    if (dns.client.publicIp) transcript.add('info', `Your public IP: ${dns.client.publicIp} (${dns.client.publicIpSource ?? 'DNS'})`);
    else transcript.add('info', `Your public IP could not be discovered over DNS (${dns.client.publicIpOutcome})`);
  }
  if (address !== undefined || discoverPublicIp) step('ptr', 'end');

  // 3. The SMTP session. (The DNS deadline is ours; the rest are the session's.)
  const { dns: _dnsTimeout, ...smtpTimeouts } = request.timeouts;
  let smtp: SmtpEvidence | undefined = smtpUnresolved;
  if (host !== undefined && address !== undefined && !hooks.signal?.aborted) {
    smtp = await runSmtp({
      host: address,
      servername: isIpLiteral(host) ? undefined : host,
      port,
      security: request.security,
      family: request.family,
      tlsVerify: request.tlsVerify,
      ca: request.ca,
      ehloName: request.ehloName,
      auth: request.auth,
      from: request.from,
      to: request.to,
      dsnNotify: request.dsnNotify,
      message: { subject: request.subject, text: request.body, headers: request.headers },
      stopAfter: request.stopAfter,
      timeouts: smtpTimeouts,
      signal: hooks.signal,
      transcript,
      onStep: hooks.onStep,
      ...(hooks.beforeStep ? { beforeStep: hooks.beforeStep } : {}),
    });
  }

  // What the server saw of us: the [address] many servers echo in their EHLO reply. Without a
  // discovered public IP, that address is the one whose PTR receiving servers will check.
  const greeting = smtp?.ehlo?.capabilities?.greeting;
  const seenByServer = greeting ? addressFromEhloGreeting(greeting) : undefined;
  if (seenByServer !== undefined && !hooks.signal?.aborted) {
    transcript.add('info', `The server sees you as ${seenByServer}`);
    const client: ClientSideEvidence = dns.client ?? { publicIpOutcome: 'nodata' };
    client.seenByServer = seenByServer;
    if (client.ptr === undefined) {
      client.ptr = await checkPtr(seenByServer, dnsOptions);
      const suggested = suggestEhloName(client.ptr, seenByServer, request.ehloName);
      if (suggested !== undefined) client.suggestedEhlo = suggested;
    }
    dns.client = client;
  }

  const evidence: RunEvidence = {
    startedAt,
    request: {
      domain: request.domain,
      server: request.server,
      port,
      security: request.security,
      ehloName: request.ehloName,
      authUser: request.auth?.user,
      authMechanism: request.auth?.mechanism,
      from: request.from,
      to: request.to,
      stopAfter: request.stopAfter,
    },
    dns,
    smtp,
  };
  const { steps, findings } = diagnose(evidence);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'smtp-probe', version: TOOL_VERSION },
    target: { domain: request.domain, host, address, port, security: request.security },
    startedAt,
    finishedAt: new Date().toISOString(),
    source: { localAddress: smtp?.target.localAddress, publicIp: dns.client?.publicIp },
    steps,
    findings,
    transcript: [...transcript.events],
    tls: smtp?.tls,
    dns,
    smtp,
    request: evidence.request,
    redacted: true,
    exitCode: exitCodeFor(steps),
  };
}

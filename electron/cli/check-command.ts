/**
 * `smtp-probe check [DOMAIN]`: the wizard's steps, headless. Flags are turned into a CheckRequest,
 * validated with the shared schema (bad input: a clear message, exit 2, nothing sent), then run.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CheckRequest, CheckRequestInput } from '../../shared/check-request.ts';
import { IP_VERSIONS, IP_VERSION_FAMILY, type FamilyComparison, type IpVersion } from '../../shared/family-comparison.ts';
import { bothFamiliesProblem } from '../../shared/input-rules.ts';
import type { RunReport } from '../../shared/report.ts';
import type { TranscriptEvent } from '../../shared/transcript.ts';
import { runBothFamilies } from '../engine/check/run-families.ts';
import { familySummaryLines } from './families-output.ts';
import { checkRequestSchema } from '../../shared/check-request.ts';
import { DSN_NOTIFY } from '../../shared/dsn.ts';
import { EXIT_CODES } from '../../shared/exit-codes.ts';
import { findingsFor } from '../../shared/findings.ts';
import type { ReportFormat } from '../../shared/report-format.ts';
import { REPORT_FORMATS, formatReport, withPageUrls } from '../../shared/report-format.ts';
import type { StopStage } from '../../shared/steps.ts';
import { AUTH_MECHANISMS, STOP_STAGES } from '../../shared/steps.ts';
import { hasPemCertificate } from '../../shared/pem.ts';
import { RUN_DEADLINE_MS, TIMEOUT_LIMITS_MS } from '../../shared/timeout-limits.ts';
import { quoted, visibleText } from '../../shared/visible-text.ts';
import { defaultEhloName, runCheck } from '../engine/check/run-check.ts';
import { writeFileOwnerOnly } from '../engine/store/atomic-file.ts';
import type { EarlyDial } from '../engine/smtp/early-dial.ts';
import { tlsPinProblem } from '../../shared/tls-pin.ts';
import { flagOf } from './flag-names.ts';
import { makePainter, paintTranscript, summaryLines, type Painter } from './output.ts';
import { UsageError, oneOf, parseHeader, parsePublicIpResolver, serverFlags } from './parse-target.ts';
import { readPassword } from './password.ts';

export interface CheckFlags {
  /** A profile saved in the app (check --profile NAME), read from --data-dir or the data folder. */
  profile?: string;
  dataDir?: string;
  server?: string;
  port?: string;
  tls?: string;
  tlsVerify: boolean;
  ca: string[];
  tlsPin?: string;
  ehlo?: string;
  authUser?: string;
  authPasswordEnv?: string;
  authMech?: string;
  authAllowPlaintext?: boolean;
  authAllowUnverified?: boolean;
  from?: string;
  to: string[];
  subject?: string;
  body?: string;
  bodyFile?: string;
  header: string[];
  dsnNotify?: string;
  stopAfter?: string;
  fast?: boolean;
  dnsServer?: string;
  sourceIp?: string;
  publicIpResolver: string[];
  publicIp: boolean;
  timeout?: string;
  dataTimeout?: string;
  deadline?: string;
  ipv4?: boolean;
  ipv6?: boolean;
  bothFamilies?: boolean;
  json?: boolean;
  transcript?: string;
  format?: string;
  color: boolean;
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  colorDefault: boolean;
}

/** Seconds -> ms within [range.min, range.max] (ms). */
function seconds(value: string, flag: string, range: { readonly min: number; readonly max: number }): number {
  const ms = /^\d+(\.\d+)?$/.test(value) ? Math.round(Number(value) * 1000) : NaN;
  if (!(ms >= range.min && ms <= range.max)) throw new UsageError(flag, `takes seconds (a number from ${range.min / 1000} to ${range.max / 1000}), got ${quoted(value)}`);
  return ms;
}

// The files and folders of the command line are looked at synchronously: nothing else runs yet, and
// Node's promise file API starts its thread pool and takes several turns of the loop (~5 ms of a
// check's start before it connects, far more on a busy machine).

/** A file given on the command line, read before anything is sent. */
function readInputFile(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UsageError(flag, `${quoted(file)}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a folder' : e.message}`);
  }
}

/** The report file must be writable before the run, or the run's result would be lost after the traffic was sent. */
function checkTranscriptPath(file: string): void {
  if (file === '') throw new UsageError('--transcript', 'is empty');
  let existing: ReturnType<typeof statSync>;
  try {
    existing = statSync(file, { throwIfNoEntry: false });
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new UsageError('--transcript', `${quoted(file)} is a folder; give a file name`);
  const folder = path.dirname(path.resolve(file));
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError('--transcript', `the folder ${quoted(folder)} does not exist or is not writable`);
  }
}

type RunFlagFields = Pick<CheckRequestInput, 'fast' | 'dnsServer' | 'sourceAddress' | 'family' | 'publicIpResolvers' | 'deadlineMs'>;

/**
 * The flags about this run and this machine, not the server: the ones --profile also takes, each
 * over the profile's own value (the IP version and source address are this machine's route).
 */
function runFlags(flags: CheckFlags): RunFlagFields {
  if (flags.ipv4 && flags.ipv6) throw new UsageError('-4/-6', '-4 and -6 cannot be used together');
  const out: RunFlagFields = {};
  if (flags.ipv4 || flags.ipv6) out.family = flags.ipv4 ? 4 : 6;
  if (flags.fast) out.fast = true;
  if (flags.dnsServer !== undefined) out.dnsServer = flags.dnsServer;
  if (flags.sourceIp !== undefined) out.sourceAddress = flags.sourceIp;
  if (!flags.publicIp) out.publicIpResolvers = [];
  else if (flags.publicIpResolver.length > 0) out.publicIpResolvers = flags.publicIpResolver.map(parsePublicIpResolver);
  if (flags.deadline !== undefined) out.deadlineMs = seconds(flags.deadline, '--deadline', RUN_DEADLINE_MS);
  return out;
}

/** Flags -> validated request input (everything but the password). Throws UsageError. */
export async function requestFromFlags(domain: string | undefined, flags: CheckFlags): Promise<CheckRequestInput> {
  if (flags.body !== undefined && flags.bodyFile !== undefined) throw new UsageError('--body-file', '--body and --body-file cannot be used together');
  const { target, port, security } = serverFlags(flags);
  const timeout = flags.timeout !== undefined ? seconds(flags.timeout, '--timeout', TIMEOUT_LIMITS_MS.command) : undefined;
  const body = flags.bodyFile !== undefined ? readInputFile(flags.bodyFile, '--body-file') : flags.body;
  const ca = flags.ca.map((file) => readInputFile(file, '--ca'));
  for (const [i, pem] of ca.entries()) if (!hasPemCertificate(pem)) throw new UsageError('--ca', `${quoted(flags.ca[i] ?? '')} is not a PEM certificate file`);
  const pinProblem = flags.tlsPin !== undefined ? tlsPinProblem(flags.tlsPin) : undefined;
  if (pinProblem !== undefined) throw new UsageError('--tls-pin', `${pinProblem}; got ${quoted(flags.tlsPin ?? '')}`);
  if (flags.transcript !== undefined) checkTranscriptPath(flags.transcript);
  return {
    domain,
    server: target?.host,
    // No --port: the engine picks it by the one rule (shared/check-request.ts defaultPort).
    port,
    security,
    tlsVerify: flags.tlsVerify,
    ca,
    ...(flags.tlsPin !== undefined ? { tlsPin: flags.tlsPin } : {}),
    ehloName: flags.ehlo ?? defaultEhloName(),
    family: 0,
    from: flags.from,
    to: flags.to,
    subject: flags.subject,
    body,
    headers: flags.header.map(parseHeader),
    dsnNotify: flags.dsnNotify?.split(',').map((v) => oneOf(v.trim().toUpperCase(), DSN_NOTIFY, '--dsn-notify')),
    stopAfter: flags.stopAfter !== undefined ? oneOf<StopStage>(flags.stopAfter.toLowerCase(), STOP_STAGES, '--stop-after') : undefined,
    ...runFlags(flags),
    timeouts: {
      ...(timeout !== undefined ? { connect: timeout, greeting: timeout, tlsHandshake: timeout, command: timeout, dataStart: timeout, dns: Math.min(timeout, TIMEOUT_LIMITS_MS.dns.max) } : {}),
      ...(flags.dataTimeout !== undefined ? { dataEnd: seconds(flags.dataTimeout, '--data-timeout', TIMEOUT_LIMITS_MS.dataEnd) } : {}),
    },
  };
}

/** The request input from the flags or a saved profile; with --both-families, one that can run over both versions. Throws UsageError. */
async function requestInput(domain: string | undefined, flags: CheckFlags, io: CliIo): Promise<CheckRequestInput> {
  const input = await requestInputOnce(domain, flags, io);
  const problem = flags.bothFamilies ? bothFamiliesProblem({ ...input, family: input.family ?? 0 }) : undefined;
  if (problem !== undefined) throw new UsageError('--both-families', problem);
  return input;
}

/** The request input from the flags, or from a saved profile with --profile, with the password. Throws UsageError. */
async function requestInputOnce(domain: string | undefined, flags: CheckFlags, io: CliIo): Promise<CheckRequestInput> {
  if (flags.profile !== undefined) {
    const { requestFromProfile } = await import('./profile-check.ts');
    const input = await requestFromProfile(domain, { ...flags, profile: flags.profile }, io);
    if (flags.transcript !== undefined) checkTranscriptPath(flags.transcript);
    return { ...input, ...runFlags(flags) };
  }
  if (flags.dataDir !== undefined) throw new UsageError('--data-dir', 'goes with --profile NAME');
  const input = await requestFromFlags(domain, flags);
  if (flags.authUser !== undefined) {
    const mechanism = flags.authMech !== undefined ? oneOf(flags.authMech.toUpperCase(), AUTH_MECHANISMS, '--auth-mech') : undefined;
    const password = await readPassword({ envVar: flags.authPasswordEnv, stdin: io.stdin, prompt: (t) => io.stderr.write(t) });
    input.auth = { user: flags.authUser, password, mechanism, allowPlaintext: flags.authAllowPlaintext ?? false, allowUnverifiedTls: flags.authAllowUnverified ?? false };
  } else if (flags.authPasswordEnv !== undefined || flags.authMech !== undefined) {
    throw new UsageError(flags.authMech !== undefined ? '--auth-mech' : '--auth-password-env', 'needs --auth-user');
  }
  return input;
}

/** `early`: the server dialled before this module loaded (fast-dial.ts); closed unused unless the run's connect takes it. */
export async function runCheckCommand(domain: string | undefined, flags: CheckFlags, io: CliIo, early?: EarlyDial): Promise<number> {
  try {
    return await checkCommand(domain, flags, io, early);
  } finally {
    early?.discard();
  }
}

async function checkCommand(domain: string | undefined, flags: CheckFlags, io: CliIo, early: EarlyDial | undefined): Promise<number> {
  let input: CheckRequestInput;
  try {
    input = await requestInput(domain, flags, io);
    if (flags.format !== undefined && flags.transcript === undefined) throw new UsageError('--format', 'goes with --transcript FILE');
  } catch (error) {
    return usageFailure(error, io);
  }
  const parsed = checkRequestSchema.safeParse(input);
  if (!parsed.success) return refuse(parsed.error.issues.map((i) => `${flagOf(i.path, input)}: ${i.message}`), io);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const run = { request: parsed.data, flags, io, signal: abort.signal, p: makePainter(flags.color && io.colorDefault && !flags.json), ...(early ? { early } : {}) };
    return flags.bothFamilies ? await checkBothFamilies(run) : await checkOnce(run);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** One run's request, flags and output, as the two ways of running take them. */
interface CliRun {
  request: CheckRequest;
  flags: CheckFlags;
  io: CliIo;
  signal: AbortSignal;
  p: Painter;
  early?: EarlyDial;
}

/** Printed and written as the command line says it: hints name flags. */
function forCli(report: RunReport): RunReport {
  return { ...report, findings: findingsFor(report.findings, 'cli') };
}

async function checkOnce({ request, flags, io, signal, p, early }: CliRun): Promise<number> {
  const run = await runCheck(request, { signal, onTranscript: flags.json ? undefined : (e) => io.stdout.write(`${paintTranscript(e, p)}\n`), ...(early ? { early } : {}) });
  const report = forCli(run);
  if (flags.json) io.stdout.write(`${JSON.stringify(withPageUrls(report), null, 2)}\n`);
  else io.stdout.write(`${summaryLines(report, p).join('\n')}\n`);
  if (flags.transcript !== undefined) await writeReport(flags.transcript, report, flags, io);
  return report.exitCode;
}

/** --both-families: the run over IPv4, then over IPv6, side by side; a report file per version. */
async function checkBothFamilies({ request, flags, io, signal, p }: CliRun): Promise<number> {
  const onFamily = flags.json ? undefined : (v: IpVersion) => io.stdout.write(`${p.bold(`=== over IPv${IP_VERSION_FAMILY[v]} ===`)}\n`);
  const onTranscript = flags.json ? undefined : (e: TranscriptEvent) => io.stdout.write(`${paintTranscript(e, p)}\n`);
  const compared = await runBothFamilies(request, { signal, ...(onFamily ? { onFamily } : {}), ...(onTranscript ? { onTranscript } : {}) });
  const shown: FamilyComparison = { ...compared, ipv4: forCli(compared.ipv4), ipv6: forCli(compared.ipv6) };
  if (flags.json) io.stdout.write(`${JSON.stringify({ ...shown, ipv4: withPageUrls(shown.ipv4), ipv6: withPageUrls(shown.ipv6) }, null, 2)}\n`);
  else io.stdout.write(`${familySummaryLines(shown, p).join('\n')}\n`);
  const file = flags.transcript;
  if (file !== undefined) for (const v of IP_VERSIONS) await writeReport(familyFile(file, v), shown[v], flags, io);
  return shown.exitCode;
}

/** "report.txt" -> "report.ipv6.txt": each version's report in a file of its own. */
export function familyFile(file: string, version: IpVersion): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${version}${ext}`;
}

async function writeReport(file: string, report: RunReport, flags: CheckFlags, io: CliIo): Promise<void> {
  const format = formatFor(file, flags.format);
  await writeFileOwnerOnly(file, formatReport(report, format, flags.profile !== undefined ? { profileName: flags.profile } : {}));
  if (!flags.json) io.stdout.write(`Report written to ${file} (${format}, credentials redacted)\n`);
}

function formatFor(file: string, flag: string | undefined): ReportFormat {
  if (flag !== undefined) return oneOf(flag.toLowerCase(), REPORT_FORMATS, '--format');
  const ext = path.extname(file).slice(1).toLowerCase();
  if (ext === 'htm') return 'html';
  if (ext === 'markdown') return 'md';
  return (REPORT_FORMATS as readonly string[]).includes(ext) ? (ext as ReportFormat) : 'txt';
}

/** Every refusal reads the same: the fields and reasons, exit 2, and nothing was sent. */
function refuse(lines: string[], io: CliIo): number {
  io.stderr.write(`smtp-probe: invalid input, nothing was sent:\n${lines.map((l) => `  ${visibleText(l)}`).join('\n')}\n`);
  return EXIT_CODES.usage;
}

export function usageFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) return refuse([error.message], io);
  throw error;
}

/**
 * `smtp-probe`: the command-line host of the engine. `check` runs the wizard's steps headless,
 * `explain` explains a reply offline, `sandbox` runs the built-in test server in the foreground.
 */
import { Command, Option } from 'commander';
import { RUN_DEADLINE_MS } from '../../shared/timeout-limits.ts';
import { EXIT_CODES, EXIT_CODE_DESCRIPTIONS } from '../../shared/exit-codes.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { TOOL_VERSION } from '../engine/version.ts';
import { AUTH_MECHANISMS } from '../../shared/steps.ts';
import type { CheckFlags, CliIo } from './check-command.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * Commander echoes a refused value in its message: shown, never interpreted by the terminal. An
 * unknown `--name=value` is named without its value: a password typed as `--password=...` stays off
 * the screen and out of CI logs.
 */
const shownLines = (text: string) =>
  text
    .replace(/(unknown option '[^'=\s]+)=[^']*'/g, "$1=<value not shown>'")
    .split('\n')
    .map(visibleText)
    .join('\n');

/** `check`, the command with the most options: its own function so buildProgram stays readable. */
function addCheckCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const exitHelp = Object.entries(EXIT_CODES)
    .map(([name, code]) => `  ${String(code).padStart(3)}  ${EXIT_CODE_DESCRIPTIONS[name as keyof typeof EXIT_CODES]}`)
    .join('\n');

  program
    .command('check')
    .description('Run the steps against a domain (MX lookup) or a server (--server)')
    .argument('[domain]', 'domain whose MX records are looked up (skipped with --server)')
    .option('--profile <name>', 'run a profile saved in the app (target, TLS, login and message from it; the password from --auth-password-env or standard input; -4/-6, --source-ip, --dns-server, --fast and --deadline override its values)')
    .option('--data-dir <dir>', 'where the profiles are kept, with --profile (default: the data folder the app uses)')
    .option('--server <host[:port]>', 'connect to this host instead of the MX (IPv6 as [2001:db8::1]:25)')
    .option('--port <port>', 'TCP port (default: 25 to a domain\'s MX, whatever --tls; with --server: 25, 587 with --tls starttls, 465 with --tls implicit)')
    .addOption(new Option('--tls <mode>', 'none | starttls (required) | starttls-optional | implicit (default: from the port)').choices(['none', 'starttls', 'starttls-optional', 'implicit']))
    .option('--no-tls-verify', 'inspect anyway: go on when the certificate does not verify (every problem is still reported; AUTH stays blocked unless --auth-allow-unverified)')
    .option('--ca <file>', 'extra trusted CA certificate (PEM), repeatable', collect, [])
    .option('--tls-pin <sha256:hex>', 'trust exactly this certificate (its SHA-256 fingerprint), even self-signed; any other certificate fails (tls.pin-mismatch)')
    .option('--ehlo <name>', 'name to send in EHLO (default: this machine\'s FQDN)')
    .option('--auth-user <user>', 'authenticate as this user; the password comes from --auth-password-env or standard input')
    .option('--auth-password-env <var>', 'read the password from this environment variable')
    .option('--auth-mech <mech>', `${AUTH_MECHANISMS.join(' | ')} (default: the best one the server offers; NTLM takes DOMAIN\\user or a UPN; XOAUTH2 takes the token as password)`)
    .option('--auth-allow-plaintext', 'allow AUTH without TLS (PLAIN/LOGIN send the password readable, XOAUTH2 a replayable token, CRAM-MD5 and NTLM an answer cracked offline)')
    .option('--auth-allow-unverified', 'allow AUTH when the certificate did not verify (with --no-tls-verify); never to a certificate other than the --tls-pin one')
    .option('--from <address>', 'envelope sender (MAIL FROM); use "" for the null sender')
    .option('--to <address>', 'recipient (RCPT TO), repeatable', collect, [])
    .option('--subject <text>', 'subject of the test message')
    .option('--body <text>', 'body of the test message')
    .option('--body-file <file>', 'read the body from a file')
    .option('--header <"Name: value">', 'extra header, repeatable', collect, [])
    .option('--dsn-notify <list>', 'DSN NOTIFY for each RCPT when the server offers DSN: SUCCESS,FAILURE,DELAY or NEVER')
    .addOption(new Option('--stop-after <stage>', 'end with a clean QUIT after this stage').choices(['banner', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data']))
    .option('--fast', 'pipeline MAIL, RCPT and DATA in one write and QUIT behind the final dot when the server offers PIPELINING (RFC 2920); with CHUNKING too, BDAT LAST with the message and QUIT in that same write (RFC 3030); otherwise, and with --stop-after, one command per reply. To a --server given as an IP address, the connection is opened while the check gets ready')
    .option('--dns-server <ip[:port]>', 'ask this DNS server instead of the system resolver (compare internal and public DNS)')
    .option('--public-ip-resolver <method@ip[:port]>', 'where to discover your public IP: opendns@208.67.222.222 or google@216.239.32.10, repeatable', collect, [])
    .option('--no-public-ip', 'do not discover the public IP of this machine')
    .option('--timeout <seconds>', 'deadline for connect, greeting, TLS handshake and each reply (default 15/30/30/30)')
    .option('--data-timeout <seconds>', 'deadline for the reply after the final dot (default 600; --deadline still bounds the whole run)')
    .option('--deadline <seconds>', `time budget of the whole run, DNS and SMTP together (default ${RUN_DEADLINE_MS.default / 1000}); it ends the run in whichever step is going`)
    .option('--source-ip <address>', 'connect from this local address, on a machine with several (receive connectors are scoped by remote IP); same IP version as the server')
    .option('-4, --ipv4', 'connect over IPv4 only')
    .option('-6, --ipv6', 'connect over IPv6 only')
    .option('--both-families', 'run the check twice, over IPv4 and over IPv6, and show the two side by side (a server name with A and AAAA records); --transcript report.txt writes report.ipv4.txt and report.ipv6.txt')
    .option('--json', 'print one JSON report instead of the transcript')
    .option('--transcript <file>', 'also write the report to this file (credentials redacted)')
    .addOption(new Option('--format <format>', 'format of --transcript (default: from the file extension)').choices(['txt', 'md', 'html', 'json']))
    .option('--no-color', 'no colors')
    .addHelpText('after', `\nExit codes:\n${exitHelp}\n\nExamples:\n  smtp-probe check example.com\n  smtp-probe check --server mail.example.com:587 --auth-user me@example.com --from me@example.com --to you@example.net\n  smtp-probe check --server 127.0.0.1:2525 --tls starttls --ca sandbox.pem --stop-after ehlo\n  SMTP_PASS=... smtp-probe check --profile "Office 365 relay" --auth-password-env SMTP_PASS --json\n`)
    .action(async (domain: string | undefined, flags: CheckFlags) => {
      // With --fast to an address, the connect travels while the check's modules load (fast-dial.ts).
      const early = flags.fast ? await (await import('./fast-dial.ts')).earlyDialFor(flags) : undefined;
      // Each command loads its own modules on demand: `--version` and `explain` start without the engine.
      const { runCheckCommand } = await import('./check-command.ts');
      setExit(await runCheckCommand(domain, flags, io, early));
    });
}

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('smtp-probe')
    .description('Test an SMTP server step by step: MX, PTR, connect, EHLO, STARTTLS, AUTH, send. Explains every failure in plain words.')
    .version(TOOL_VERSION)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(shownLines(s)) })
    .exitOverride();

  addCheckCommand(program, io, setExit);

  program
    .command('explain')
    .description('Explain an SMTP reply offline, e.g. smtp-probe explain "550 5.7.1 Relaying denied"')
    .argument('<reply...>', 'reply code, enhanced status code or a whole reply line')
    .option('--json', 'print the explanation as JSON')
    .action(async (words: string[], flags: { json?: boolean }) => {
      const { runExplainCommand } = await import('./explain-command.ts');
      setExit(runExplainCommand(words.join(' '), flags, io));
    });

  program
    .command('sandbox')
    .description('Run the built-in test server on 127.0.0.1 in the foreground and print its ports and credentials')
    .option('--data-dir <dir>', 'where the certificate, credentials and received messages are kept (default: the config folder)')
    .option('--smtp-port <port>', 'plain/STARTTLS port (default 2525)')
    .option('--tls-port <port>', 'implicit TLS port (default 2465)')
    .option('--deny-relay', 'refuse recipients outside the local domains unless authenticated')
    .option('--greylist', 'answer the first attempt with 451 4.7.1 (greylisting)')
    .option('--reject-auth', 'refuse every AUTH with 535 5.7.8')
    .option('--slow-banner <ms>', 'delay the 220 greeting by this many milliseconds')
    .action(async (flags) => {
      const { runSandboxCommand } = await import('./sandbox-command.ts');
      setExit(await runSandboxCommand(flags, io));
    });

  program
    .command('ui')
    .description('Open the app in your browser (browser mode: 127.0.0.1 only, a fresh token per launch) until Ctrl+C')
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)')
    .option('--data-dir <dir>', 'where profiles and runs are kept (default: the config folder)')
    .option('--no-open', 'only print the address; do not open a browser')
    .action(async (flags: { port?: string; dataDir?: string; open?: boolean }) => {
      const { runUiCommand } = await import('../serve/main.ts');
      setExit(await runUiCommand(flags, io));
    });

  return program;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT_CODES.ok;
    if (typeof code === 'string' && code.startsWith('commander.')) return EXIT_CODES.usage;
    io.stderr.write(`smtp-probe: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.internal;
  }
  return exitCode;
}

/**
 * `check --fast` to a server given as an IP address dials it before the check's modules load
 * (engine/smtp/early-dial.ts): the connect and the greeting's round trip overlap the start-up.
 * Only when the flags already say where the session connects, and nothing makes it wait.
 */
import net from 'node:net';
import { defaultPort } from '../../shared/port-defaults.ts';
import { dialEarly, type EarlyDial } from '../engine/smtp/early-dial.ts';
import type { CheckFlags } from './check-command.ts';
import { UsageError, serverFlags } from './parse-target.ts';

/** The flags that choose the connection otherwise (a profile, a source address, an IP version, two runs). */
function dialChosenElsewhere(flags: CheckFlags): boolean {
  return flags.profile !== undefined || flags.dataDir !== undefined || flags.bothFamilies === true || flags.sourceIp !== undefined || flags.ipv4 === true || flags.ipv6 === true;
}

/** The early dial for these flags, or undefined: then the run dials as usual. */
export async function earlyDialFor(flags: CheckFlags): Promise<EarlyDial | undefined> {
  if (!flags.fast || flags.server === undefined || dialChosenElsewhere(flags)) return undefined;
  // A password typed at a prompt would keep the server waiting on an idle connection.
  if (flags.authUser !== undefined && flags.authPasswordEnv === undefined) return undefined;
  let chosen: ReturnType<typeof serverFlags>;
  try {
    chosen = serverFlags(flags);
  } catch (error) {
    // Bad flags are refused by the check itself, with its own message, and nothing is dialled.
    if (error instanceof UsageError) return undefined;
    throw error;
  }
  // The host comes without brackets (checkHostPort).
  const host = chosen.target?.host ?? '';
  // A name is resolved by the run: its DNS answer is part of the evidence.
  if (net.isIP(host) === 0) return undefined;
  return dialEarly(host, chosen.port ?? defaultPort(chosen.security, 'host'));
}

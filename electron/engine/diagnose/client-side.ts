/**
 * The PTR step: reverse DNS of the server we connected to, and of our own public address
 * (the side no web tester can see), plus the EHLO-name check that depends on it.
 */
import type { ClientSideEvidence, PtrEvidence } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import type { PtrDetails, StepDetails } from '../../../shared/step-result.ts';
import { normalizeName, type AreaResult, type DiagnoseContext, type StepDraft } from './context.ts';
import { OUTCOME_WORDS } from './dns.ts';

/**
 * Loopback, private, link-local and unique-local addresses: nobody publishes reverse DNS for
 * them in public DNS, so judging their PTR would only be noise (e.g. the built-in test server).
 */
export function isNonPublicAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '::1' || a === '::' || a.startsWith('fe80:') || a.startsWith('fc') || a.startsWith('fd')) return true;
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.\d+\.\d+$/.exec(a);
  if (!v4) return false;
  const [first, second] = [Number(v4[1]), Number(v4[2])];
  return first === 127 || first === 10 || first === 0 || (first === 172 && second >= 16 && second <= 31) || (first === 192 && second === 168) || (first === 169 && second === 254) || (first === 100 && second >= 64 && second <= 127);
}

function ptrRows(ptr: PtrEvidence): PtrDetails {
  return {
    address: ptr.address,
    reverseName: ptr.reverseName,
    outcome: ptr.outcome,
    names: ptr.names,
    forwardConfirmed: ptr.forwardConfirmed,
    rows: ptr.forward.map((f) => ({ name: f.name, addresses: f.addresses, outcome: f.outcome, confirms: f.confirms })),
  };
}

type PtrCodes = { missing: 'ptr.server-missing' | 'ptr.client-missing'; mismatch: 'ptr.server-mismatch' | 'ptr.client-mismatch' };

function ptrFindings(ptr: PtrEvidence, codes: PtrCodes): Finding[] {
  const values = { address: ptr.address, outcome: OUTCOME_WORDS[ptr.outcome], names: ptr.names.join(', ') };
  // A lookup the run itself stopped says nothing about the address.
  if (ptr.outcome === 'cancelled') return [];
  if (ptr.outcome === 'nxdomain' || ptr.outcome === 'nodata' || (ptr.outcome === 'ok' && ptr.names.length === 0)) {
    return [makeFinding(codes.missing, values, { evidence: `${ptr.reverseName}: ${ptr.outcome}` })];
  }
  if (ptr.outcome !== 'ok') return [makeFinding(codes.missing, values, { variant: 'lookupFailed', evidence: `${ptr.reverseName}: ${ptr.outcome}` })];
  if (!ptr.forwardConfirmed) {
    const evidence = ptr.forward.map((f) => `${f.name} -> ${f.addresses.length > 0 ? f.addresses.join(', ') : f.outcome}`).join('; ');
    return [makeFinding(codes.mismatch, values, { evidence })];
  }
  return [];
}

function clientFindings(client: ClientSideEvidence): Finding[] {
  const findings: Finding[] = [];
  const address = client.publicIp ?? client.seenByServer;
  if (address === undefined) return findings;
  const source = client.publicIp !== undefined ? (client.publicIpSource ?? 'DNS') : 'as the server saw it';
  if (client.publicIp === undefined && isNonPublicAddress(address)) {
    // A server on the same machine or LAN: our reverse DNS means nothing to it.
    findings.push(makeFinding('client.public-ip', { address }, { variant: 'private', evidence: address }));
    return findings;
  }
  if (client.publicIp !== undefined && client.seenByServer !== undefined && client.seenByServer !== client.publicIp) {
    findings.push(makeFinding('client.public-ip', { address, source, seen: client.seenByServer }, { variant: 'differs', evidence: address }));
  } else {
    findings.push(makeFinding('client.public-ip', { address, source }, { evidence: address }));
  }
  if (client.ptr && !isNonPublicAddress(client.ptr.address)) findings.push(...ptrFindings(client.ptr, { missing: 'ptr.client-missing', mismatch: 'ptr.client-mismatch' }));
  return findings;
}

export function diagnosePtr(ctx: DiagnoseContext): AreaResult {
  const { serverPtr, client } = ctx.evidence.dns;
  if (!serverPtr && !client) return { steps: [{ id: 'ptr', status: 'skipped', durationMs: 0, summary: 'Not checked' }], findings: [] };
  const findings: Finding[] = [];
  const parts: string[] = [];
  const details: StepDetails<'ptr'> = {};
  if (serverPtr) {
    details.server = ptrRows(serverPtr);
    if (isNonPublicAddress(serverPtr.address)) {
      details.serverNote = 'Private or loopback address: reverse DNS is not judged.';
      parts.push(`server ${serverPtr.address}: private address`);
    } else {
      findings.push(...ptrFindings(serverPtr, { missing: 'ptr.server-missing', mismatch: 'ptr.server-mismatch' }));
      parts.push(`server ${serverPtr.address} -> ${serverPtr.names.join(', ') || 'no PTR'}${serverPtr.forwardConfirmed ? ' (confirmed)' : ''}`);
    }
  }
  if (client) {
    findings.push(...clientFindings(client));
    details.client = {
      publicIp: client.publicIp ?? null,
      publicIpSource: client.publicIpSource ?? null,
      publicIpOutcome: client.publicIpOutcome,
      seenByServer: client.seenByServer ?? null,
      suggestedEhlo: client.suggestedEhlo ?? null,
      ...(client.ptr ? { ptr: ptrRows(client.ptr) } : {}),
    };
    const address = client.publicIp ?? client.seenByServer;
    if (address !== undefined) parts.push(`you ${address} -> ${client.ptr?.names.join(', ') || 'no PTR'}${client.ptr?.forwardConfirmed ? ' (confirmed)' : ''}`);
    else parts.push(`your public IP: unknown (${OUTCOME_WORDS[client.publicIpOutcome]})`);
  }
  const durations = [serverPtr?.elapsedMs ?? 0, client?.ptr?.elapsedMs ?? 0];
  const step: StepDraft = { id: 'ptr', status: 'pass', durationMs: Math.max(...durations), summary: parts.join('; '), details };
  return { steps: [step], findings };
}

/**
 * ehlo.name-mismatch: our EHLO name against our reverse DNS and public address. Servers check
 * the EHLO argument against the connecting address (RFC 5321 §4.1.4 lets them log it; many reject).
 */
export function ehloNameFinding(ctx: DiagnoseContext, name: string): Finding | undefined {
  const client = ctx.evidence.dns.client;
  if (!client) return undefined;
  const address = client.seenByServer ?? client.publicIp;
  // A server that sees us at a private address is on our LAN: it cannot check our public DNS.
  if (address === undefined || isNonPublicAddress(address)) return undefined;
  const suggested = client.suggestedEhlo ?? `[${address.includes(':') ? `IPv6:${address}` : address}]`;
  const literal = /^\[(?:IPv6:)?([^\]]+)\]$/i.exec(name.trim());
  if (literal) {
    const inner = (literal[1] ?? '').toLowerCase();
    if (inner === address.toLowerCase() || inner === client.publicIp?.toLowerCase()) return undefined;
    return makeFinding('ehlo.name-mismatch', { name, address, expected: 'a different address', suggested }, { evidence: name });
  }
  const names = (client.ptr?.names ?? []).map(normalizeName);
  if (names.includes(normalizeName(name))) return undefined;
  const expected = names.length > 0 ? `the reverse DNS name ${names.join(', ')}` : 'no reverse DNS name at all';
  return makeFinding('ehlo.name-mismatch', { name, address, expected, suggested }, { evidence: name });
}

/**
 * The MX step: nxdomain / no MX / null MX / CNAME targets / targets without address / DNS failures.
 */
import type { DnsOutcome, MxEvidence } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import type { StepDetails } from '../../../shared/step-result.ts';
import type { AreaResult, DiagnoseContext, StepDraft } from './context.ts';

/** Plain words for a DNS outcome. */
export const OUTCOME_WORDS: Record<DnsOutcome, string> = {
  ok: 'ok',
  nxdomain: 'the name does not exist (NXDOMAIN)',
  nodata: 'no record of that type (NODATA)',
  servfail: 'the DNS server failed (SERVFAIL)',
  refused: 'the DNS server refused the query (REFUSED)',
  timeout: 'no answer in time',
  error: 'a DNS error',
  cancelled: 'cancelled (the run was stopped or ran out of time)',
};

/** Findings for a failed lookup outcome (shared by MX and the domain's own address). */
function outcomeFinding(mx: MxEvidence): Finding | undefined {
  const values = { domain: mx.domain, name: mx.asciiDomain, resolver: mx.resolver, outcome: OUTCOME_WORDS[mx.outcome] };
  const evidence = mx.errorMessage !== undefined ? { evidence: mx.errorMessage } : {};
  switch (mx.outcome) {
    case 'nxdomain':
      return makeFinding('dns.nxdomain', values, evidence);
    case 'timeout':
      return makeFinding('dns.timeout', values, evidence);
    case 'servfail':
    case 'refused':
    case 'error':
      return makeFinding('dns.servfail', values, evidence);
    default:
      return undefined;
  }
}

function hostFindings(mx: MxEvidence): Finding[] {
  const findings: Finding[] = [];
  const usable = mx.hosts.filter((h) => h.addresses.length > 0 && h.invalid === undefined).length;
  for (const host of mx.hosts) {
    if (host.cname !== undefined) {
      findings.push(makeFinding('dns.mx-cname', { host: host.exchange, target: host.cname }, { evidence: `${host.exchange} CNAME ${host.cname}` }));
    }
    if (host.invalid !== undefined) {
      findings.push(makeFinding('dns.mx-unresolvable', { host: host.exchange, reason: host.invalid }, { variant: 'invalid', evidence: `MX ${host.priority} ${host.exchange}` }));
    } else if (host.addresses.length === 0) {
      // One dead MX among working ones delays mail; all dead means no mail at all.
      const severity = usable > 0 ? 'warning' : 'error';
      findings.push(makeFinding('dns.mx-unresolvable', { host: host.exchange, outcome: OUTCOME_WORDS[host.addressOutcome] }, { severity, evidence: `MX ${host.priority} ${host.exchange}` }));
    }
  }
  return findings;
}

function mxRows(mx: MxEvidence): StepDetails<'mx'>['rows'] {
  return mx.hosts.map((h) => ({
    priority: h.priority,
    exchange: h.exchange,
    addresses: h.addresses,
    addressOutcome: h.addressOutcome,
    ...(h.cname !== undefined ? { cname: h.cname } : {}),
    ...(h.invalid !== undefined ? { invalid: h.invalid } : {}),
  }));
}

function summaryFor(mx: MxEvidence): string {
  if (mx.nullMx) return `${mx.domain}: null MX, accepts no mail`;
  if (mx.outcome !== 'ok' && mx.hosts.length === 0) return `${mx.domain}: ${OUTCOME_WORDS[mx.outcome]}`;
  if (mx.implicit) return `${mx.domain}: no MX, falls back to its own address`;
  const first = mx.hosts[0];
  const best = first ? `, best ${first.priority} ${first.exchange}` : '';
  return `${mx.hosts.length} MX host${mx.hosts.length === 1 ? '' : 's'}${best}`;
}

export function diagnoseMx(ctx: DiagnoseContext): AreaResult {
  const mx = ctx.evidence.dns.mx;
  if (!mx) {
    const reason = ctx.evidence.request.server !== undefined ? 'Skipped: a server was given, no MX lookup' : 'Not run';
    return { steps: [{ id: 'mx', status: 'skipped', durationMs: 0, summary: reason }], findings: [] };
  }
  const findings: Finding[] = [];
  let failed = false;
  if (mx.nullMx) {
    findings.push(makeFinding('dns.null-mx', { domain: mx.domain }, { evidence: `${mx.domain} MX 0 .` }));
    failed = true;
  } else if (mx.implicit) {
    const addresses = mx.hosts.flatMap((h) => h.addresses).join(', ');
    findings.push(makeFinding('dns.no-mx', { domain: mx.domain, addresses }));
  } else if (mx.hosts.length === 0) {
    const failure = outcomeFinding(mx);
    if (failure) findings.push(failure);
    // NODATA (or an empty answer) and no address either: nobody can deliver to this domain.
    // Cancelled: nothing is known about the domain; the run's own finding says why it stopped.
    else if (mx.outcome !== 'cancelled') findings.push(makeFinding('dns.no-mx', { domain: mx.domain }, { variant: 'none', severity: 'error' }));
    failed = true;
  }
  findings.push(...hostFindings(mx));
  if (!mx.nullMx && mx.hosts.length > 0 && mx.hosts.every((h) => h.addresses.length === 0 || h.invalid !== undefined)) failed = true;

  const step: StepDraft = {
    id: 'mx',
    status: failed ? 'fail' : 'pass',
    durationMs: mx.elapsedMs,
    summary: summaryFor(mx),
    details: {
      domain: mx.domain,
      asciiDomain: mx.asciiDomain,
      resolver: mx.resolver,
      outcome: mx.outcome,
      implicit: mx.implicit,
      nullMx: mx.nullMx,
      rows: mxRows(mx),
      ...(mx.truncated ? { truncated: mx.truncated } : {}),
    },
  };
  return { steps: [step], findings };
}

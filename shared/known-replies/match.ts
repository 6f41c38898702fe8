/**
 * The one matcher over the known-replies table, shared by `explain`, the run's findings and the UI.
 * An entry matches when its codes agree and its pattern finds the receiver's own wording.
 */
import { BLOCKLISTS } from './blocklists.ts';
import { KNOWN_REPLIES } from './table.ts';
import type { Blocklist, KnownReply, KnownReplyMatch, ReplyToMatch } from './types.ts';

/** Multi-line replies arrive joined by newlines and wrapped anywhere: match on one spaced line. */
export function normalizeReplyText(text: string): string {
  // A reply pasted from a log keeps its continuation prefixes ("to 550-5.7.26 domain's"): drop them.
  return text
    .replace(/\s[2-5]\d\d[- ][2-5]\.\d{1,3}\.\d{1,3}(?=\s)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An absent code on either side does not disagree: "Relay access denied" alone is still Postfix's. */
function codesAgree(entry: KnownReply, reply: ReplyToMatch): boolean {
  if (entry.codes && reply.code !== undefined && !entry.codes.includes(reply.code)) return false;
  if (entry.enhanced && reply.enhanced !== undefined && !entry.enhanced.includes(reply.enhanced)) return false;
  return true;
}

/** `text` is the reply's text already normalized: once per reply, not once per entry. */
function execEntry(entry: KnownReply, reply: ReplyToMatch, text: string): RegExpExecArray | null {
  if (!codesAgree(entry, reply)) return null;
  return entry.text.exec(text);
}

/** Every entry that matches; the tests prove at most one does for every known reply. */
export function matchingEntries(reply: ReplyToMatch, table: readonly KnownReply[] = KNOWN_REPLIES): KnownReply[] {
  const text = normalizeReplyText(reply.text);
  return table.filter((entry) => execEntry(entry, reply, text) !== null);
}

/** The list whose zone is the queried zone or a parent of it (DQS keys prefix the zone). */
export function blocklistForZone(zone: string): Blocklist | undefined {
  const name = zone.toLowerCase().replace(/\.$/, '');
  return BLOCKLISTS.find((list) => list.zones.some((z) => name === z || name.endsWith(`.${z}`)));
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function listSteps(list: Blocklist, values: Record<string, string>): string[] {
  const what = values.ip ?? values.domain ?? values.what ?? (list.listsDomains ? 'the listed domain' : 'the listed address');
  const steps = [...(list.remedy === undefined ? [] : [list.remedy]), `Look up ${what} on ${list.name}: ${list.lookup.url}`];
  if (list.delist.url !== list.lookup.url) steps.push(`Once the cause is fixed, ask for removal: ${list.delist.url}`);
  else steps.push(`Once the cause is fixed, ask for removal on the same page (${list.delist.title}).`);
  return steps;
}

export function matchKnownReply(reply: ReplyToMatch, table: readonly KnownReply[] = KNOWN_REPLIES): KnownReplyMatch | undefined {
  const text = normalizeReplyText(reply.text);
  for (const entry of table) {
    const m = execEntry(entry, reply, text);
    if (!m) continue;
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(m.groups ?? {})) if (value !== undefined) values[key] = value;
    const zone = values.zone ?? (entry.listZone === undefined ? undefined : fill(entry.listZone, values));
    const list = zone === undefined ? undefined : blocklistForZone(zone);
    if (list) values.list = list.name;
    const result: KnownReplyMatch = {
      entry,
      receiver: list?.operator ?? entry.receiver,
      cause: [fill(entry.cause, values), list?.meaning].filter((s) => s !== undefined).join(' '),
      fix: [...entry.fix.map((step) => fill(step, values)), ...(list ? listSteps(list, values) : [])],
      link: list?.lookup ?? entry.link,
      values,
    };
    if (list) result.list = list;
    return result;
  }
  return undefined;
}

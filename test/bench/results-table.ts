/**
 * The results table of docs/PERFORMANCE.md, merged when only some groups run: their rows replace
 * the rows of the same name, and an older row of the same measurement in another variant (a
 * "(before)" or "(baseline build)" row, a "now / before" ratio) that this run did not make goes,
 * since its numbers came from a different run and would read as this one's. The "Re-run alone"
 * line says which groups' rows are newer than the "Measured" line, and when.
 */

/** The text before a row's first comma, without a variant's marker: the thing measured. */
export function measuredSubject(name: string): string {
  const plain = name.replace(/ \((?:before|baseline build)\)/g, '');
  return plain.split(',')[0]?.trim() ?? plain;
}

const RERUN = 'Re-run alone since: ';

/** `Re-run alone since: rtt 2026-12-03, tti 2026-12-03.` with these groups set to `date`. */
function rerunLine(old: string | undefined, groups: readonly string[], date: string): string {
  const dates = new Map<string, string>();
  for (const part of (old?.slice(RERUN.length).replace(/\.$/, '') ?? '').split(', ')) {
    const [group, when] = part.split(' ');
    if (group && when) dates.set(group, when);
  }
  for (const g of groups) dates.set(g, date);
  return `${RERUN}${[...dates].map(([g, d]) => `${g} ${d}`).join(', ')}.`;
}

/** A row's name in the table, or undefined for any other line. */
function rowName(line: string): string | undefined {
  const name = /^\| (.+?) \| /.exec(line)?.[1];
  return name === undefined || name === 'benchmark' ? undefined : name;
}

/**
 * The table `old` with the fresh `rows` (name → table line) of `groups` merged in, measured on `date`.
 * A new row goes at the end.
 */
export function mergeResultsTable(old: string, rows: ReadonlyMap<string, string>, groups: readonly string[], date: string): string {
  const fresh = new Map(rows);
  const subjects = new Set([...rows.keys()].map(measuredSubject));
  const lines = old.split('\n');
  const merged: string[] = [];
  for (const line of lines) {
    if (line.startsWith(RERUN)) continue;
    const name = rowName(line);
    if (name !== undefined && fresh.has(name)) {
      merged.push(fresh.get(name) as string);
      fresh.delete(name);
    } else if (name === undefined || !subjects.has(measuredSubject(name))) {
      merged.push(line);
    }
  }
  const measured = merged.findIndex((line) => line.startsWith('Measured '));
  merged.splice(measured + 1, 0, rerunLine(lines.find((line) => line.startsWith(RERUN)), groups, date));
  return [...merged, ...fresh.values()].join('\n');
}

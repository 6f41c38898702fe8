/** RFC 3461 §4.1: the NOTIFY values a client may ask for per recipient, and their one rule. */
export const DSN_NOTIFY = ['SUCCESS', 'FAILURE', 'DELAY', 'NEVER'] as const;
export type DsnNotify = (typeof DSN_NOTIFY)[number];

/** Why a NOTIFY list is refused, or undefined when it is fine: known values, and NEVER alone. */
export function dsnNotifyProblem(values: readonly string[]): string | undefined {
  if (values.some((v) => !(DSN_NOTIFY as readonly string[]).includes(v))) return `NOTIFY takes NEVER or any of ${DSN_NOTIFY.filter((v) => v !== 'NEVER').join(', ')}`;
  if (values.includes('NEVER') && new Set(values).size > 1) return 'NEVER cannot be combined with other values (RFC 3461 §4.1)';
  return undefined;
}

/**
 * The accepted range of each timeout, in milliseconds: the one rule behind the check request and
 * profile schemas, the CLI's --timeout and --data-timeout, the profile form and the engine's own
 * check, so each of them accepts exactly the same values.
 */
const STEP = { min: 100, max: 600_000 } as const;

export const TIMEOUT_LIMITS_MS = {
  connect: STEP,
  tlsHandshake: STEP,
  greeting: STEP,
  command: STEP,
  dataStart: STEP,
  /** The reply after the final dot may take long: RFC 5321 §4.5.3.2.6 gives servers 10 minutes. */
  dataEnd: { min: 100, max: 1_200_000 },
  dns: { min: 100, max: 60_000 },
} as const;

/**
 * The whole run's time budget (one AbortSignal for DNS and SMTP alike), in ms of active time:
 * pauses in the wizard do not count. The default leaves room for every step's own deadline in
 * a normal run; a server slow enough to exceed it is itself the finding.
 */
export const RUN_DEADLINE_MS = { default: 300_000, min: 1_000, max: 3_600_000 } as const;

export type TimeoutKey = keyof typeof TIMEOUT_LIMITS_MS;
export const TIMEOUT_KEYS = Object.keys(TIMEOUT_LIMITS_MS) as TimeoutKey[];

/** Why a timeout value is refused, or undefined when it is a whole number of ms within its range. */
export function timeoutProblem(key: string, value: unknown): string | undefined {
  if (!(key in TIMEOUT_LIMITS_MS)) return `unknown timeout "${key}"`;
  const { min, max } = TIMEOUT_LIMITS_MS[key as TimeoutKey];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) return `timeout "${key}" must be a whole number of milliseconds from ${min} to ${max}`;
  return undefined;
}

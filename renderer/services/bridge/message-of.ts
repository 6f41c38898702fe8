/** The text of something thrown, for a warning or an error result. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The formats a run report is exported in: the names only, for the IPC contract's schema, so the
 * page does not load the exports themselves (report-format.ts, which looks receivers' pages up in
 * the known-replies table).
 */
export const REPORT_FORMATS = ['txt', 'md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The report format's version. Apart from report.ts (which re-exports it), so a run can stamp its
 * report without building the schemas that check a report read back.
 * 2: the TLS report lives in `smtp.tls` only (1 repeated it as `tls`), step details are typed per step.
 */
export const REPORT_SCHEMA_VERSION = 2;

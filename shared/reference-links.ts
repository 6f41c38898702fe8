/**
 * The fixed references the app may open (the About page, a finding's RFC). A module of its own,
 * without zod: the known-replies table looks links up here, and `explain` and a CLI session load
 * that table without the IPC contract's schemas.
 */
export const EXTERNAL_LINKS = {
  'rfc5321': 'https://www.rfc-editor.org/rfc/rfc5321',
  'rfc3207': 'https://www.rfc-editor.org/rfc/rfc3207',
  'rfc3463': 'https://www.rfc-editor.org/rfc/rfc3463',
  'rfc4954': 'https://www.rfc-editor.org/rfc/rfc4954',
  'rfc7505': 'https://www.rfc-editor.org/rfc/rfc7505',
  'iana-enhanced-codes': 'https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xhtml',
} as const;
export type ExternalLinkId = keyof typeof EXTERNAL_LINKS;

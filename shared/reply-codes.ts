/**
 * Offline explanations of SMTP basic reply codes (RFC 5321 §4.2, plus the codes added by
 * RFC 4954 AUTH, RFC 3207 STARTTLS, RFC 7504 and RFC 5248), of the reply classes (first digit)
 * and of the categories (second digit). Causes and actions are what admins usually meet in
 * practice, not RFC text.
 */

export interface ReplyClassInfo {
  title: string;
  meaning: string;
}

/** RFC 5321 §4.2.1: the first digit says whether the command worked. */
export const REPLY_CLASSES = {
  '2': {
    title: 'Positive completion (2yz)',
    meaning: 'The command worked. The server did what was asked.',
  },
  '3': {
    title: 'Positive intermediate (3yz)',
    meaning: 'So far so good: the server waits for more (the message after DATA, the next AUTH step).',
  },
  '4': {
    title: 'Transient negative completion (4yz)',
    meaning: 'Temporary failure: the command failed this time, but the same command may work later. Senders retry.',
  },
  '5': {
    title: 'Permanent negative completion (5yz)',
    meaning: 'Permanent failure: the command failed and repeating it unchanged will fail again. Something must change.',
  },
} as const satisfies Record<string, ReplyClassInfo>;

/** RFC 5321 §4.2.1: the second digit says what area the reply is about. */
export const REPLY_CATEGORIES = {
  '0': { title: 'Syntax (x0z)', meaning: 'About the syntax of the command: unknown command, bad arguments, not implemented.' },
  '1': { title: 'Information (x1z)', meaning: 'Information requested by the client, such as status or help.' },
  '2': { title: 'Connections (x2z)', meaning: 'About the connection itself: greeting, closing, service availability.' },
  '3': { title: 'Unspecified (x3z)', meaning: 'Used by extensions such as AUTH (334, 530, 535) and STARTTLS.' },
  '4': { title: 'Unspecified (x4z)', meaning: 'Reserved; used by some extensions.' },
  '5': { title: 'Mail system (x5z)', meaning: 'About the mail system: mailbox, storage, policy, the transaction.' },
} as const satisfies Record<string, ReplyClassInfo>;

export type ReplyClassDigit = keyof typeof REPLY_CLASSES;

export interface ReplyCodeInfo {
  title: string;
  meaning: string;
  /** Where it is defined. */
  source: string;
  causes: string[];
  actions: string[];
}

export const REPLY_CODES: Record<number, ReplyCodeInfo> = {
  211: { title: 'System status', meaning: 'System status or system help reply.', source: 'RFC 5321 §4.2.3', causes: [], actions: [] },
  214: { title: 'Help message', meaning: 'Help text for a human, usually the answer to HELP.', source: 'RFC 5321 §4.2.3', causes: [], actions: [] },
  220: { title: 'Service ready', meaning: 'The server is ready: the greeting, or the go-ahead for the TLS handshake after STARTTLS.', source: 'RFC 5321 §4.2.3', causes: [], actions: [] },
  221: { title: 'Closing connection', meaning: 'The server says goodbye and closes the connection, normally after QUIT.', source: 'RFC 5321 §4.2.3', causes: [], actions: [] },
  235: { title: 'Authentication succeeded', meaning: 'The login worked.', source: 'RFC 4954 §6', causes: [], actions: [] },
  250: { title: 'OK', meaning: 'The requested action was completed. After the final dot of DATA it means the server took responsibility for the message.', source: 'RFC 5321 §4.2.3', causes: [], actions: [] },
  251: { title: 'User not local; will forward', meaning: 'The recipient is not local, but the server will forward the message.', source: 'RFC 5321 §4.2.3', causes: [], actions: [] },
  252: { title: 'Cannot verify user', meaning: 'The server will not confirm whether the user exists (VRFY), but will accept the message and try to deliver it.', source: 'RFC 5321 §4.2.3', causes: ['VRFY is disabled to stop address harvesting.'], actions: [] },
  334: { title: 'AUTH challenge', meaning: 'The server waits for the next step of the login (base64 text).', source: 'RFC 4954 §4', causes: [], actions: [] },
  354: { title: 'Start mail input', meaning: 'Send the message now and end it with a line holding only a dot.', source: 'RFC 5321 §4.2.3', causes: [], actions: [] },
  421: {
    title: 'Service not available, closing connection',
    meaning: 'The server is closing the connection. It can answer any command with 421 when it must shut down or refuses to go on.',
    source: 'RFC 5321 §3.8, §4.2.3',
    causes: ['Too many connections or messages from your address (rate limit).', 'Your IP is on a blocklist or has no reverse DNS.', 'The server is overloaded or restarting.'],
    actions: ['Wait and retry later.', 'Check your public IP against blocklists and make sure it has reverse DNS.'],
  },
  432: { title: 'Password transition needed', meaning: 'The user must change to another authentication mechanism once.', source: 'RFC 4954 §6', causes: ['The account is being migrated to a new password scheme.'], actions: ['Log in once with the mechanism the server asks for (often PLAIN over TLS).'] },
  450: {
    title: 'Mailbox unavailable (temporary)',
    meaning: 'The action was not taken: the mailbox is busy or temporarily blocked.',
    source: 'RFC 5321 §4.2.3',
    causes: ['Greylisting: the server defers unknown senders once.', 'The mailbox is locked or over a temporary limit.'],
    actions: ['Retry in a few minutes; a real mail server does this by itself.'],
  },
  451: {
    title: 'Local error in processing',
    meaning: 'The server aborted the action because of a problem on its side.',
    source: 'RFC 5321 §4.2.3',
    causes: ['Greylisting.', 'The server could not reach its DNS, anti-spam or directory service.', 'Temporary overload.'],
    actions: ['Retry later.', 'If it is your server, check its logs for the underlying error.'],
  },
  452: {
    title: 'Insufficient system storage',
    meaning: 'The action was not taken because of a storage or count limit. On RCPT it often means too many recipients (RFC 5321 §4.5.3.1.10).',
    source: 'RFC 5321 §4.2.3',
    causes: ['The server\'s disk or queue is full.', 'Too many recipients in one transaction.'],
    actions: ['Send to fewer recipients per message (100 at most).', 'If it is your server, free disk space.'],
  },
  454: {
    title: 'Temporary authentication or TLS failure',
    meaning: 'TLS is not available right now (answer to STARTTLS), or authentication failed for a temporary reason.',
    source: 'RFC 3207 §4, RFC 4954 §6',
    causes: ['The server cannot load its TLS key or certificate.', 'The authentication backend (directory, database) is down.'],
    actions: ['Retry later.', 'If it is your server, check the TLS certificate files and the authentication service.'],
  },
  455: { title: 'Server unable to accommodate parameters', meaning: 'The server cannot handle the MAIL FROM or RCPT TO parameters right now.', source: 'RFC 5321 §4.2.3', causes: ['A temporary limit on an extension such as SIZE.'], actions: ['Retry later or without the parameter.'] },
  500: {
    title: 'Syntax error, command unrecognized',
    meaning: 'The server did not understand the command, or the line was too long.',
    source: 'RFC 5321 §4.2.3',
    causes: ['A typo in a hand-typed command.', 'A command the server does not know (e.g. EHLO on a very old server).', 'An AUTH line too long (RFC 4954, 5.5.6).'],
    actions: ['Check the command spelling; use EHLO/HELO, MAIL FROM:<a@b>, RCPT TO:<c@d>.'],
  },
  501: {
    title: 'Syntax error in parameters',
    meaning: 'The command was understood but its arguments are invalid.',
    source: 'RFC 5321 §4.2.3',
    causes: ['An address without angle brackets or with bad syntax.', 'An EHLO name the server considers invalid.', 'Bad base64 in AUTH.'],
    actions: ['Write addresses as MAIL FROM:<user@example.com>.', 'Use a fully qualified EHLO name or an address literal like [203.0.113.5].'],
  },
  502: { title: 'Command not implemented', meaning: 'The server knows the command but does not support it.', source: 'RFC 5321 §4.2.4', causes: ['VRFY, EXPN, TURN or an extension is disabled.'], actions: ['Do without the command.'] },
  503: {
    title: 'Bad sequence of commands',
    meaning: 'The command came at the wrong moment.',
    source: 'RFC 5321 §4.2.3',
    causes: ['RCPT before MAIL, DATA before RCPT, or MAIL before EHLO.', 'AUTH required before MAIL on a submission server.', 'AUTH sent twice.'],
    actions: ['Follow the order EHLO, (STARTTLS, EHLO), (AUTH), MAIL, RCPT, DATA.'],
  },
  504: { title: 'Command parameter not implemented', meaning: 'A parameter of the command is not supported, e.g. an AUTH mechanism the server does not have.', source: 'RFC 5321 §4.2.3', causes: ['Unsupported AUTH mechanism.'], actions: ['Use a mechanism listed in the EHLO AUTH line.'] },
  521: { title: 'Server does not accept mail', meaning: 'This host never accepts mail (RFC 7504).', source: 'RFC 7504', causes: ['The host is not a mail server, or the domain uses a null MX.'], actions: ['Send to the domain\'s real MX.'] },
  523: { title: 'Encryption needed', meaning: 'The requested action needs an encrypted connection.', source: 'RFC 5248 (5.7.10)', causes: ['TLS is required before this command.'], actions: ['Use STARTTLS or implicit TLS.'] },
  525: { title: 'User account disabled', meaning: 'The account exists but is disabled.', source: 'RFC 5248 (5.7.13)', causes: ['The mailbox or login is disabled by the administrator.'], actions: ['Ask the administrator to enable the account.'] },
  530: {
    title: 'Authentication required',
    meaning: 'The server wants a login (or STARTTLS) before this command.',
    source: 'RFC 4954 §6',
    causes: ['Submission servers (587/465) only accept mail from logged-in users.', 'Some servers want STARTTLS first (530 5.7.0 Must issue a STARTTLS command first).'],
    actions: ['Authenticate with AUTH before MAIL FROM.', 'Run STARTTLS first if the server asks for it.'],
  },
  534: { title: 'Authentication mechanism too weak', meaning: 'The server refuses the chosen login method as too weak.', source: 'RFC 4954 §6', causes: ['PLAIN/LOGIN refused without TLS, or a legacy mechanism disabled.'], actions: ['Use TLS and another mechanism from the AUTH list.'] },
  535: {
    title: 'Authentication credentials invalid',
    meaning: 'The login failed: wrong user name or password, or the account may not log in this way.',
    source: 'RFC 4954 §6',
    causes: ['Wrong password or user name (often the full email address is needed).', 'SMTP AUTH disabled for the mailbox, or an app password required (Microsoft 365, Gmail).'],
    actions: ['Check the credentials.', 'Check that SMTP authentication is enabled for the account.'],
  },
  538: { title: 'Encryption required for this mechanism', meaning: 'The chosen login method needs an encrypted connection.', source: 'RFC 4954 §6', causes: ['AUTH PLAIN/LOGIN tried without TLS.'], actions: ['Start TLS first (STARTTLS or port 465).'] },
  550: {
    title: 'Mailbox unavailable / action refused',
    meaning: 'The action was not taken, permanently: the mailbox does not exist, access is denied, or policy refuses it.',
    source: 'RFC 5321 §4.2.3',
    causes: ['The recipient address does not exist (5.1.1).', 'Relaying denied: the server is not responsible for that domain and you are not logged in (5.7.1).', 'Your IP or domain is blocked by policy (blocklist, SPF).'],
    actions: ['Check the address spelling.', 'Authenticate, or send to the recipient domain\'s own MX.', 'Read the text: it usually names the policy.'],
  },
  551: { title: 'User not local', meaning: 'The recipient is not local; the server suggests another path.', source: 'RFC 5321 §4.2.3', causes: ['The user moved.'], actions: ['Use the address in the reply.'] },
  552: {
    title: 'Exceeded storage allocation',
    meaning: 'The action was aborted: the message is too large or the mailbox is full.',
    source: 'RFC 5321 §4.2.3',
    causes: ['The message exceeds the server\'s size limit (SIZE).', 'The recipient\'s mailbox is full.', 'Too many recipients (some servers use 552).'],
    actions: ['Send a smaller message.', 'Ask the recipient to free space.'],
  },
  553: { title: 'Mailbox name not allowed', meaning: 'The address is not allowed or has bad syntax.', source: 'RFC 5321 §4.2.3', causes: ['Bad address syntax.', 'The sender address is not allowed for this login (sender mismatch).'], actions: ['Check the address; use a sender address your account may use.'] },
  554: {
    title: 'Transaction failed',
    meaning: 'The transaction failed permanently. As a greeting: no SMTP service for you here.',
    source: 'RFC 5321 §4.2.3',
    causes: ['Your IP is blocked (blocklist, no reverse DNS).', 'The message was refused by a content or policy filter.', 'No valid recipients left when DATA was sent.', 'Relay access denied (Postfix: 554 5.7.1).'],
    actions: ['Read the text for the policy named.', 'Check your IP against blocklists and your reverse DNS.'],
  },
  555: { title: 'MAIL/RCPT parameters not recognized', meaning: 'A parameter of MAIL FROM or RCPT TO is not supported.', source: 'RFC 5321 §4.2.3', causes: ['SIZE, BODY=8BITMIME, SMTPUTF8 or NOTIFY used without the server advertising it.'], actions: ['Send the command without that parameter.'] },
  556: { title: 'Domain does not accept mail', meaning: 'The recipient domain does not accept mail (null MX, RFC 7504).', source: 'RFC 7504', causes: ['The domain publishes a null MX.'], actions: ['Use another address for that recipient.'] },
};

/** The basic codes RFC 5321 §4.2.3 lists (the ones every client must be able to explain). */
export const RFC5321_REPLY_CODES = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555] as const;

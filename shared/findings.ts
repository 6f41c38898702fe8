/**
 * The findings catalog: for every finding code a title, a message template and a hint,
 * in plain words for a tired admin, with what to do next.
 * Templates use `{name}` placeholders filled with the concrete values of a run (host, code,
 * reply text, address). `variants` hold alternative messages for the same code
 * (e.g. a PTR lookup that failed instead of returning nothing).
 */
import { hintFor, type HintHost } from './finding-hint.ts';
import { FINDING_CODES, type Finding, type FindingCode, type FindingLink, type Severity } from './finding-codes.ts';
import type { StepId } from './steps.ts';

export interface FindingText {
  /** Short title for lists and headings. */
  title: string;
  /** Default message template. */
  message: string;
  /** What to do next (may use placeholders too), as the command line says it: it may name a flag. */
  hint: string;
  /** The same advice for the desktop app and browser mode, naming the profile's control instead of a flag; required when `hint` names a flag. */
  uiHint?: string;
  /** Alternative message templates, chosen by the diagnosis with `variant`. */
  variants?: Record<string, string>;
  /** Hints of variants whose advice differs from the default hint. */
  variantHints?: Record<string, string>;
  /** The app's form of a variant hint that names a flag. */
  variantUiHints?: Record<string, string>;
}

/**
 * How a finding of a code without its own {cause} and {fix} tells a receiver's known wording (a
 * Postfix relay denial, an unknown user): the cause after its message, the receiver's fix as its hint.
 */
export const KNOWN_WORDING = {
  message: ' — a known {receiver} reply: {cause}',
  hint: '{fix}',
} as const;

export const FINDINGS_CATALOG = {
  'dns.nxdomain': {
    title: 'Domain does not exist',
    message: 'The domain {domain} does not exist in DNS (NXDOMAIN from {resolver}).',
    hint: 'Check the spelling of the domain. If it is new, the registration or delegation may not be active yet; compare with a public resolver (for example --dns-server 1.1.1.1).',
    uiHint: 'Check the spelling of the domain. If it is new, the registration or delegation may not be active yet; compare with a public resolver (for example set the profile\'s DNS server to 1.1.1.1).',
  },
  'dns.no-mx': {
    title: 'No MX record',
    message: '{domain} has no MX record; mail goes to the domain\'s own address ({addresses}) as the fallback of RFC 5321 §5.1.',
    hint: 'This works, but most domains publish an explicit MX. Add an MX record pointing to your mail server so senders do not depend on the fallback.',
    variants: {
      none: '{domain} has neither an MX record nor an address record, so nobody can deliver mail to it.',
    },
  },
  'dns.null-mx': {
    title: 'Domain accepts no mail (null MX)',
    message: '{domain} publishes a "null MX" (0 .), which says the domain accepts no mail at all (RFC 7505).',
    hint: 'If the domain should receive mail, replace the null MX with an MX record naming your mail server.',
  },
  'dns.mx-cname': {
    title: 'MX points to an alias (CNAME)',
    message: 'The MX host {host} is an alias (CNAME) for {target}. MX records must name a host directly (RFC 2181 §10.3, RFC 5321 §5.1).',
    hint: 'Point the MX record at the real host name ({target}). Many senders tolerate the alias, but some refuse or delay mail.',
  },
  'dns.mx-unresolvable': {
    title: 'MX host has no address',
    message: 'The MX host {host} does not resolve to an IP address ({outcome}).',
    hint: 'Add an A (and AAAA if you use IPv6) record for {host}, or fix the MX record to name a host that exists.',
    variants: {
      invalid: 'The MX record names {host}, which is not a valid host name ({reason}). MX targets must be host names, never IP addresses.',
    },
  },
  'dns.timeout': {
    title: 'DNS did not answer',
    message: 'The DNS lookup of {name} timed out at {resolver}.',
    hint: 'Check your network and DNS server settings, then try another resolver (for example --dns-server 1.1.1.1) to tell your DNS apart from the domain\'s.',
    uiHint: 'Check your network and DNS server settings, then try another resolver (for example set the profile\'s DNS server to 1.1.1.1) to tell your DNS apart from the domain\'s.',
  },
  'dns.servfail': {
    title: 'DNS server failure',
    message: 'The DNS lookup of {name} failed at {resolver} ({outcome}).',
    hint: 'SERVFAIL usually means the domain\'s name servers are broken or DNSSEC validation fails. Retry with another resolver; if that fails too, the domain\'s DNS hosting must fix it.',
  },
  'ptr.server-missing': {
    title: 'Server has no reverse DNS',
    message: 'The server address {address} has no PTR record (reverse DNS, {outcome}).',
    hint: 'The owner of the IP address (usually the hosting provider or ISP) sets the PTR. Ask them to point it to the server\'s host name; many receivers distrust mail from servers without one.',
    variants: {
      lookupFailed: 'The reverse DNS (PTR) lookup of the server address {address} failed ({outcome}), so we cannot tell whether it has a PTR record.',
    },
  },
  'ptr.server-mismatch': {
    title: 'Server reverse DNS does not match',
    message: 'The server address {address} has the PTR name {names}, but that name does not resolve back to {address} (no forward-confirmed reverse DNS).',
    hint: 'Make the A/AAAA record of {names} include {address}, or change the PTR to a name that does.',
  },
  'client.public-ip': {
    title: 'Your public IP address',
    message: 'Your public IP address is {address} ({source}).',
    hint: 'This is the address receiving servers see and check against blocklists and reverse DNS.',
    variants: {
      differs: 'DNS says your public IP address is {address} ({source}), but the server saw you as {seen}. A proxy, VPN or a different route (IPv4 vs IPv6) is in the way.',
      private: 'The server saw you at {address}, a private or loopback address: it is on your own machine or network, so your public reverse DNS is not checked.',
    },
    variantHints: {
      private: 'To check what internet mail servers see, run the test against a server outside your network, with public-IP discovery on.',
    },
  },
  'ptr.client-missing': {
    title: 'Your IP has no reverse DNS',
    message: 'Your public IP address {address} has no PTR record ({outcome}).',
    hint: 'Many mail servers reject or score down mail from addresses without reverse DNS. If this machine sends mail directly, ask your ISP or hosting provider to set a PTR; otherwise send through your provider\'s submission server (587).',
    variants: {
      lookupFailed: 'The reverse DNS (PTR) lookup of your public IP address {address} failed ({outcome}).',
    },
  },
  'ptr.client-mismatch': {
    title: 'Your reverse DNS does not match',
    message: 'Your public IP address {address} has the PTR name {names}, but that name does not resolve back to {address}.',
    hint: 'Receivers check forward-confirmed reverse DNS. Ask whoever manages the DNS of {names} to add an A/AAAA record for {address}, or have the PTR changed.',
  },
  'ehlo.name-mismatch': {
    title: 'EHLO name does not match your address',
    message: 'We introduced ourselves as "{name}", but your address {address} has {expected}.',
    hint: 'Servers often check the EHLO name against your reverse DNS. Use --ehlo {suggested} (the name or address literal that matches).',
    uiHint: 'Servers often check the EHLO name against your reverse DNS. Set the profile\'s EHLO name to {suggested} (the name or address literal that matches).',
  },
  'connect.refused': {
    title: 'Connection refused',
    message: '{host} port {port} refused the connection{address}.',
    hint: 'Nothing listens on that port, or a firewall actively rejects it. Check the port number (25 for server-to-server, 587 or 465 for submission) and that the mail service is running.',
  },
  'connect.timeout': {
    title: 'Connection timed out',
    message: 'No answer from {host} port {port} within {elapsed}: the connection attempt timed out.',
    hint: 'Many ISPs and cloud networks (AWS, Azure, Google Cloud, home broadband) block outbound port 25. Try port 587 or 465, or ask your provider to unblock port 25. Otherwise a firewall drops the traffic or the server is down.',
  },
  'connect.unreachable': {
    title: 'Server unreachable',
    message: 'Could not reach {host} port {port}: {reason}.',
    hint: 'Your machine has no route to that address. Check your network connection, VPN and IPv4/IPv6 setup (try -4 or -6).',
    uiHint: 'Your machine has no route to that address. Check your network connection, VPN and IPv4/IPv6 setup (set the profile\'s IP version to IPv4 or IPv6).',
    variants: {
      dns: 'Could not resolve the server name {host}: {reason}.',
    },
    variantHints: {
      dns: 'Check the spelling of the server name, then ask the DNS server you use (nslookup {host}); compare with a public resolver using --dns-server. An internal name may resolve only inside your network or VPN.',
    },
    variantUiHints: {
      dns: 'Check the spelling of the server name, then ask the DNS server you use (nslookup {host}); compare with a public resolver in the profile\'s DNS server field. An internal name may resolve only inside your network or VPN.',
    },
  },
  'connect.source-unavailable': {
    title: 'Source address not on this machine',
    message: 'The source address {source} is not on this machine, so nothing was sent to {host} port {port}.',
    hint: 'Give --source-ip an address this machine has (ip address on Linux, ipconfig on Windows, ifconfig on macOS list them), of the same IP version as the server, or leave --source-ip out and let the system choose.',
    uiHint: 'Set the profile\'s Source address to an address this machine has (ipconfig on Windows, ip address on Linux, ifconfig on macOS list them), of the same IP version as the server, or clear the field and let the system choose.',
    variants: {
      unusable: 'The source address {source} cannot be used for this connection to {host} port {port} ({reason}); nothing was sent.',
    },
  },
  'connect.source-family': {
    title: 'Server only has the other IP version',
    message: 'The source address {source} is IPv{family} but {host} has only IPv{other} addresses, so nothing was sent.',
    hint: 'Give --source-ip an IPv{other} address this machine has, or leave --source-ip out and let the system choose.',
    uiHint: 'Set the profile\'s Source address to an IPv{other} address this machine has, or clear the field and let the system choose.',
    variants: {
      asked: 'IPv{family} only was asked for, but {host} has only IPv{other} addresses, so nothing was sent.',
    },
    variantHints: {
      asked: 'Leave out -4/-6 (or use -{other}) to connect over IPv{other}.',
    },
    variantUiHints: {
      asked: 'Set the profile\'s IP version to Any (or IPv{other}).',
    },
  },
  'connect.family-split': {
    title: 'One IP version fails, the other works',
    message: 'IPv{family} fails while IPv{other} works: the {record} record of {host} points to {address}, where the run failed at {step} ({summary}).',
    hint: 'Senders that have both try one version first and fall back to the other only after a delay, or queue the mail. Make the server answer on {address} port {port} (the service and the firewall, for IPv{family} too), or remove the {record} record.',
    variants: {
      refused: 'IPv{family} fails while IPv{other} works: the {record} record of {host} points to {address}, where nothing listens on port {port}.',
      timeout: 'IPv{family} fails while IPv{other} works: the {record} record of {host} points to {address}, where connections to port {port} time out (a firewall dropping IPv{family}?).',
    },
  },
  'connect.family-missing': {
    title: 'Only one IP version to check',
    message: '{host} has no {record} record, so there was nothing to check over IPv{family}; IPv{other} was checked.',
    hint: 'Nothing to fix when the server is meant to be reached over IPv{other} only. If it listens on IPv{family} too, publish its {record} record.',
  },
  'banner.timeout': {
    title: 'No greeting from the server',
    message: 'The connection to {host} port {port} opened, but no 220 greeting came within {elapsed}.',
    hint: 'The server may be overloaded, tarpitting, or waiting for TLS (port 465 needs implicit TLS). A firewall or antivirus that inspects SMTP can also hold the greeting back.',
  },
  'banner.rejected': {
    title: 'Server refused the session',
    message: 'The server greeted us with {code} instead of 220: {text}',
    hint: 'The server refuses connections from your address (blocklist, missing reverse DNS, rate limit) or is out of service. The text above usually says which; check your IP against blocklists.',
  },
  'banner.hostname-mismatch': {
    title: 'Banner name differs from reverse DNS',
    message: 'The greeting names the server "{banner}", but its address {address} has the PTR name {names}.',
    hint: 'Harmless for delivery, but some checkers flag it. Set the server\'s host name (for example Postfix myhostname) to its PTR name.',
  },
  'banner.slow': {
    title: 'Slow greeting',
    message: 'The 220 greeting took {elapsed} (more than {limit}).',
    hint: 'Some servers delay the greeting on purpose (anti-spam tarpitting, reverse DNS checks). If it is your server, check its DNS resolver and anti-spam delays.',
  },
  'tls.wrong-mode': {
    title: 'Wrong TLS mode for this port',
    message: 'We connected to port {port} with {mode}, but the server speaks {serverMode}.',
    hint: 'Port 465 uses implicit TLS (--tls implicit); ports 25 and 587 start in plain text and upgrade with STARTTLS (--tls starttls).',
    uiHint: 'Port 465 uses implicit TLS (the profile\'s Security: "Implicit TLS (SMTPS)"); ports 25 and 587 start in plain text and upgrade with STARTTLS (Security: "STARTTLS required").',
    variants: {
      silent: 'We connected to port {port} in plain text and the server {what} without a greeting. Port {port} normally expects implicit TLS: the server waits for the TLS handshake before it says anything.',
      firstByte: 'We connected to port {port} in plain text and the server {what} without a greeting, but it answered a TLS handshake on the same port: this port expects TLS from the first byte: use implicit TLS (465-style).',
    },
    variantHints: {
      firstByte: 'Set the security mode to implicit TLS for port {port} (--tls implicit). If clients are meant to start in plain text here, the server has implicit TLS switched on for the wrong port: fix its configuration.',
    },
    variantUiHints: {
      firstByte: 'Set the profile\'s Security to "Implicit TLS (SMTPS)" for port {port}. If clients are meant to start in plain text here, the server has implicit TLS switched on for the wrong port: fix its configuration.',
    },
  },
  'ehlo.helo-fallback': {
    title: 'Server does not support EHLO',
    message: 'The server rejected EHLO ({reply}) and we fell back to HELO.',
    hint: 'Without EHLO there are no extensions: no STARTTLS, no AUTH, no SIZE. This is a very old or misconfigured server; check its configuration.',
  },
  'ehlo.rejected': {
    title: 'EHLO rejected',
    message: 'The server rejected our introduction "{name}": {reply}',
    hint: 'Servers reject EHLO names that are not fully qualified or do not match your reverse DNS. Try --ehlo with your public host name or an address literal like [203.0.113.5].',
    uiHint: 'Servers reject EHLO names that are not fully qualified or do not match your reverse DNS. Set the profile\'s EHLO name to your public host name or an address literal like [203.0.113.5].',
    variants: {
      afterTls: 'The server rejected EHLO after STARTTLS: {reply}',
    },
  },
  'starttls.not-offered': {
    title: 'STARTTLS not offered',
    message: '{host} does not offer STARTTLS: the session cannot be encrypted.',
    hint: 'Enable TLS on the server (certificate plus STARTTLS). If a firewall or antivirus "SMTP inspection" strips STARTTLS, turn that feature off. Sending passwords over this connection is not safe.',
  },
  'starttls.failed': {
    title: 'STARTTLS failed',
    message: 'The TLS upgrade failed: {reason}',
    hint: 'Check the server\'s TLS configuration and certificate files. A 454 reply means the server has TLS switched on but cannot load its key or certificate.',
  },
  'starttls.injection': {
    title: 'Possible STARTTLS response injection',
    message: 'Data arrived together with the 220 reply to STARTTLS, before the TLS handshake. We stopped, as RFC 3207 §4.2 requires.',
    hint: 'Either a man-in-the-middle injected commands, or the server (or a proxy in front of it) is buggy (CVE-2011-0411). Test from another network and update the server software.',
    variants: {
      intoHandshake: 'Plain text arrived after the 220 reply to STARTTLS, where the TLS handshake should be. We stopped, as RFC 3207 §4.2 requires, and sent nothing over TLS.',
    },
  },
  'tls.cert-untrusted': {
    title: 'Certificate not trusted',
    message: 'The certificate of {host} is not trusted: {reason}.',
    hint: 'Install a certificate from a public CA (for example Let\'s Encrypt) and serve the full chain, including intermediates. For an internal CA, pass its certificate with --ca FILE.',
    uiHint: 'Install a certificate from a public CA (for example Let\'s Encrypt) and serve the full chain, including intermediates. For an internal CA, paste its certificate into the profile\'s Trusted CA certificate field.',
  },
  'tls.cert-expired': {
    title: 'Certificate expired',
    message: 'The certificate of {host} expired on {validTo}.',
    hint: 'Renew the certificate and reload the mail server. Check that automatic renewal also restarts the SMTP service.',
  },
  'tls.cert-not-yet-valid': {
    title: 'Certificate not yet valid',
    message: 'The certificate of {host} is only valid from {validFrom}.',
    hint: 'Check the clock of this machine and of the server; otherwise the certificate was issued with a future start date.',
  },
  'tls.cert-hostname-mismatch': {
    title: 'Certificate is for another name',
    message: 'The certificate does not cover {host}; it is for {names}.',
    hint: 'Connect using a name the certificate covers, or add {host} to the certificate\'s names (SAN).',
  },
  'tls.pin-mismatch': {
    title: 'Not the pinned certificate',
    message: '{host} presented a different certificate from the one trusted for this check: its SHA-256 fingerprint is {got}, the pin is {expected}.',
    hint: 'If the server\'s certificate was replaced on purpose (a renewal), check the new one and pin it instead (--tls-pin with its fingerprint). If nobody changed it, something between you and the server may be intercepting the connection: do not log in from this network.',
    uiHint: 'If the server\'s certificate was replaced on purpose (a renewal), check the new one below and click "Trust this certificate" again. If nobody changed it, something between you and the server may be intercepting the connection: do not log in from this network.',
  },
  'tls.cert-pinned': {
    title: 'Certificate trusted by its pin',
    message: 'The certificate of {host} would not verify on its own ({reason}), but it is the one pinned for this check, so it is trusted.',
    hint: 'A pin trusts exactly this certificate: when the server gets a new one, the check fails until the new one is pinned. A certificate from a public CA or an internal CA (--ca FILE) needs no pin.',
    uiHint: 'A pin trusts exactly this certificate: when the server gets a new one, the check fails until you trust the new one. A certificate from a public CA, or an internal CA pasted into the profile\'s Trusted CA certificate field, needs no pin.',
  },
  'tls.cert-unverified-mx': {
    title: 'Certificate not verified (mail still delivered)',
    message: 'The certificate of {host} did not verify: {reason}. Mail is still delivered: on port 25 sending servers use STARTTLS opportunistically and do not check the certificate unless MTA-STS or DANE tells them to.',
    hint: 'Senders that enforce MTA-STS or DANE will refuse this server: fix the certificate before publishing either. To test it as a requirement, run with --tls starttls.',
    uiHint: 'Senders that enforce MTA-STS or DANE will refuse this server: fix the certificate before publishing either. To test it as a requirement, set the profile\'s Security to "STARTTLS required".',
  },
  'tls.protocol-deprecated': {
    title: 'Old TLS version',
    message: 'The server negotiated {protocol}, which is deprecated (RFC 8996).',
    hint: 'Enable TLS 1.2 and 1.3 on the server. Modern clients refuse TLS 1.0 and 1.1.',
    variants: {
      refused: 'The server only offers TLS 1.0/1.1, which we refuse (RFC 8996): {reason}.',
    },
  },
  'auth.not-offered': {
    title: 'AUTH not offered',
    message: 'The server does not offer authentication (no AUTH in its EHLO reply) on port {port}.',
    hint: 'Port 25 usually has no AUTH: use 587 (STARTTLS) or 465 (implicit TLS) to submit mail. Some servers offer AUTH only after STARTTLS.',
    variants: {
      beforeTls: 'The server does not offer authentication before TLS on port {port}; it offers STARTTLS, and most servers list AUTH only after it.',
    },
    variantHints: {
      beforeTls: 'Run again with --tls starttls: the password must never cross an unencrypted connection anyway.',
    },
    variantUiHints: {
      beforeTls: 'Set the profile\'s Security to "STARTTLS required" and run again: the password must never cross an unencrypted connection anyway.',
    },
  },
  'auth.plaintext-refused': {
    title: 'Login not tried without TLS',
    message: 'We did not log in with {mechanism}: the connection is not encrypted, and {mechanism} would send the password readable to anyone on the path.',
    hint: 'Use STARTTLS or implicit TLS (--tls starttls or --tls implicit). Allow plaintext login (--auth-allow-plaintext) only on a network you trust.',
    uiHint: 'Use STARTTLS or implicit TLS (the profile\'s Security setting). Allow login without TLS for this profile only on a network you trust.',
    variants: {
      crackable: 'We did not log in with {mechanism}: the connection is not encrypted. {mechanism} does not send the password itself, but its answer (the user name and an HMAC-MD5 of the server\'s challenge) lets anyone who sees it crack the password offline, and a server that stripped STARTTLS picks that challenge itself.',
      replayable: 'We did not log in with {mechanism}: the connection is not encrypted, and {mechanism} would send the access token readable; anyone who sees it can log in with it until it expires.',
      tlsUnverified: 'We did not send the password because the server\'s certificate was not verified: the run went on without verifying it, and a password is only sent to a server that proved who it is.',
      serverRefused: 'The server refuses {mechanism} on an unencrypted connection: {reply}',
    },
    variantHints: {
      tlsUnverified: 'Fix the certificate problem reported above, pass the server\'s CA with --ca FILE, or check its certificate and pin it with --tls-pin sha256:<fingerprint>. --auth-allow-unverified logs in anyway, but a password sent over an unverified connection can be intercepted.',
    },
    variantUiHints: {
      tlsUnverified: 'Fix the certificate problem reported above, or check the certificate on the STARTTLS step and click "Trust this certificate" (or paste the server\'s CA into the profile\'s Trusted CA certificate field). The profile\'s "Inspect anyway, and still log in" logs in anyway, but a password sent over an unverified connection can be intercepted.',
    },
  },
  'auth.required': {
    title: 'Authentication required',
    message: 'The server requires authentication before {command}: {reply}',
    hint: 'Give a user name and password (--auth-user and --auth-password-env). If you expected to relay without a login, add this machine\'s IP to the server\'s trusted networks.',
    uiHint: 'Give a user name and password (the profile\'s User name and Password). If you expected to relay without a login, add this machine\'s IP to the server\'s trusted networks.',
  },
  'auth.failed': {
    title: 'Authentication failed',
    message: 'The server rejected the login of {user} with {mechanism}: {reply}',
    hint: 'Check the user name (often the full email address) and the password. Some providers need an app password, or have SMTP AUTH switched off per mailbox.',
    variants: {
      temporary: 'The login of {user} failed for a temporary reason: {reply}',
      transition: 'The server wants {user} to log in once with another method to convert the password: {reply}',
      disabled: 'The account {user} is disabled: {reply}',
      windowsName: 'The server rejected the login of {user} with {mechanism}: {reply}. {mechanism} sends the name as typed, DOMAIN\\user included; Exchange accepts that form (the pre-Windows 2000 logon name) or the user principal name (user@domain), most other servers only the email address.',
      ntlm: 'The server rejected the NTLM login of {user}: {reply}',
    },
    variantHints: {
      temporary: 'The server\'s login backend (directory, database) is probably down or overloaded. Retry later; if it is your server, check its authentication service.',
      transition: 'Log in once with PLAIN over TLS (--auth-mech PLAIN --tls starttls) so the server can convert the password (RFC 4954, 432 4.7.12).',
      disabled: 'Ask the mail administrator to enable the account or its SMTP access.',
      windowsName: 'On Exchange, the part before the backslash must be the NetBIOS domain name (not the DNS name), or use the UPN instead; elsewhere, use the email address. If the server offers NTLM, --auth-mech NTLM logs in with the Windows account.',
      ntlm: 'Check the name (DOMAIN\\user with the NetBIOS domain name, which the transcript\'s "NTLM challenge" line shows, or the UPN) and the password. A locked account, a password that must be changed at next logon, or NTLM blocked by domain policy also end in 535: the domain controller\'s security log (events 4625 and 4776) says which.',
    },
    variantUiHints: {
      transition: 'Log in once with PLAIN over TLS (the profile\'s Mechanism PLAIN and Security "STARTTLS required") so the server can convert the password (RFC 4954, 432 4.7.12).',
      windowsName: 'On Exchange, the part before the backslash must be the NetBIOS domain name (not the DNS name), or use the UPN instead; elsewhere, use the email address. If the server offers NTLM, choose NTLM in the profile\'s Mechanism field to log in with the Windows account.',
    },
  },
  'auth.mechanism-unsupported': {
    title: 'Authentication method not supported',
    message: 'The server offers {offered}, but not {mechanism}.',
    hint: 'Choose one of the offered methods with --auth-mech.',
    uiHint: 'Choose one of the offered methods in the profile\'s Mechanism field.',
    variants: {
      rejected: 'The server refused the {mechanism} method: {reply}',
    },
  },
  'auth.password-rebound': {
    title: 'Saved password not sent: the profile changed',
    message: 'The saved password was entered for {savedFor}; enter it again for {nowFor}. It was not sent, and AUTH was not tried.',
    hint: 'A saved password only goes where it was entered for. If you made this change, enter the password again in the profile and save it; if you did not, check the profile\'s server and security settings first: something else changed them.',
  },
  'mail.rejected': {
    title: 'Sender rejected',
    message: 'The server rejected the sender {from}: {reply}',
    hint: 'Check the sender address: its domain must exist, and many servers only accept senders of their own domains from authenticated users.',
  },
  'auth.smtp-auth-disabled': {
    title: 'SMTP AUTH is turned off for this account',
    message: '{receiver} refused the login of {user} without checking the password: {cause} Reply: {reply}',
    hint: KNOWN_WORDING.hint,
  },
  'auth.app-password-required': {
    title: 'An app password (or OAuth) is required',
    message: '{receiver} wants an app password or OAuth for {user}, not the account\'s password: {cause} Reply: {reply}',
    hint: KNOWN_WORDING.hint,
  },
  'rcpt.blocklisted': {
    title: 'Sending address on a blocklist',
    message: '{receiver} refused the mail because the sender is on a blocklist: {cause} Reply: {reply}',
    hint: KNOWN_WORDING.hint,
  },
  'rcpt.dmarc-rejected': {
    title: 'Refused: the sender domain\'s SPF, DKIM or DMARC did not pass',
    message: '{receiver} refused the mail for failed sender authentication: {cause} Reply: {reply}',
    hint: KNOWN_WORDING.hint,
  },
  'helo.not-fqdn': {
    title: 'EHLO name refused',
    message: '{receiver} refused the name this client gave in EHLO/HELO: {cause} Reply: {reply}',
    hint: 'Give the client a full host name that resolves to its address (the --ehlo option here). {fix}',
    uiHint: 'Give the client a full host name that resolves to its address (the profile\'s EHLO name here). {fix}',
  },
  'connect.throttled': {
    title: 'The receiver is slowing this sender down',
    message: '{receiver} is deferring or limiting mail from this sender: {cause} Reply: {reply}',
    hint: KNOWN_WORDING.hint,
  },
  'rcpt.relay-denied': {
    title: 'Relaying denied',
    message: 'The server refused to relay to {to}: {reply}',
    hint: 'This server only accepts mail for its own domains unless you log in. Authenticate (--auth-user), or send to the recipient domain\'s own MX.',
    uiHint: 'This server only accepts mail for its own domains unless you log in. Authenticate (the profile\'s User name and Password), or send to the recipient domain\'s own MX.',
  },
  'rcpt.unknown-user': {
    title: 'Recipient does not exist',
    message: 'The server says the recipient {to} does not exist: {reply}',
    hint: 'Check the spelling of the address. If the mailbox should exist, check it on the server (alias, license, directory sync).',
  },
  'rcpt.greylisted': {
    title: 'Greylisted (try again later)',
    message: 'The server temporarily deferred {to}: {reply}',
    hint: 'This is usually greylisting: a real mail server retries after a few minutes and is then accepted. Run the test again in 5 to 15 minutes.',
  },
  'rcpt.rejected': {
    title: 'Recipient rejected',
    message: 'The server rejected the recipient {to}: {reply}',
    hint: 'Read the server text: it usually names the policy (blocklist, SPF, missing reverse DNS, too many recipients).',
  },
  'rcpt.too-many': {
    title: 'Recipients split over several messages',
    message: 'The server takes at most {limit} recipients per message ({reply}); the other {rest} were sent in {count} more transaction(s).',
    hint: 'Nothing is wrong: this is how SMTP limits recipients (RFC 5321 §4.5.3.1.10), and real mail servers split the same way. An application that sends to many recipients at once must split too, or raise the limit (for example Postfix smtpd_recipient_limit).',
  },
  'data.rejected': {
    title: 'Message rejected',
    message: 'The server rejected the message {when}: {reply}',
    hint: 'Content filters, SPF/DKIM/DMARC policy or missing headers are the usual causes. The server text tells which.',
  },
  'message.too-large': {
    title: 'Message too large',
    message: 'The message is too large for the server: {reply}',
    hint: 'Send a smaller message, or raise the server\'s size limit (for example Postfix message_size_limit).',
    variants: {
      size: 'The message is {size} octets but the server announced a limit of {limit} octets (SIZE).',
    },
  },
  'message.accepted': {
    title: 'Message accepted',
    message: 'The server accepted the message{queue}.',
    hint: 'Accepted is not delivered: if it does not arrive, search the server\'s logs for the queue id, and check the recipient\'s spam folder.',
  },
  'session.closed': {
    title: 'Server closed the connection',
    message: 'The server closed the connection during {phase}{reply}.',
    hint: 'Servers hang up after too many errors, on policy blocks (blocklists, rate limits) or when they shut down. Read the last reply; retry later.',
    variants: {
      duringData: 'The server closed the connection during {phase}{reply}. The message may or may not have been accepted.',
    },
  },
  'session.flood': {
    title: 'Server kept sending without being asked',
    message: 'Before {phase}, the server kept sending without being asked, past the limit on replies nobody has read yet, so the connection was closed. The transcript keeps only the start of it.',
    hint: 'An SMTP server speaks only when asked: one reply per command (RFC 5321 §4.2). A port that streams lines on its own runs something else (a log or chat service, a broken proxy) or a hostile server. Check what really listens on that port.',
  },
  'run.deadline': {
    title: 'The run took longer than its time budget',
    message: 'The whole run took longer than its time budget of {budget} and was stopped during {step}.',
    hint: 'Each wait has its own limit; the budget bounds them all together (time paused between steps does not count). The timings in the transcript show which answers were slow: DNS, the greeting, or replies to each command. If the server is only slow, run again with a larger time budget.',
    variants: {
      afterDot: 'The whole run took longer than its time budget of {budget} and was stopped while waiting for the reply after the end of the message: the message may have been delivered.',
    },
  },
  'protocol.error': {
    title: 'Protocol error',
    message: 'The server sent something that is not valid SMTP during {phase}: {reason}',
    hint: 'Make sure the port really runs an SMTP server (not HTTP, IMAP or POP3). A proxy or antivirus that rewrites SMTP can also garble replies.',
    variants: {
      violation: 'The server broke the SMTP rules: {reason}',
    },
  },
  'protocol.bare-lf': {
    title: 'Replies end in bare LF',
    message: 'The server ended reply lines with a bare LF instead of CRLF: {reason}',
    hint: 'RFC 5321 §2.3.8 requires CRLF. Most clients cope, but it points at a broken proxy or a non-standard server.',
  },
  timeout: {
    title: 'Server stopped answering',
    message: 'No complete reply during {phase} within {elapsed}.',
    hint: 'The server is slow or stuck. Retry later; if it keeps happening, look at the server\'s load and its DNS and content checks.',
    variants: {
      afterDot: 'No reply after the end of the message within {elapsed}. The message may have been delivered anyway: do not resend blindly (RFC 5321 §4.5.3.2.6).',
    },
  },
} as const satisfies Record<FindingCode, FindingText>;

/** Values for a template; numbers are rendered as they are. */
export type TemplateValues = Record<string, string | number | undefined>;

/** Fills `{name}` placeholders; a missing value renders as "(unknown)" so no brace ever leaks into the UI; "" is a deliberate empty part. */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (_match, name: string) => {
    const value = values[name];
    return value === undefined ? '(unknown)' : String(value);
  });
}

export interface MakeFindingOptions {
  /** Alternative message from the catalog entry's `variants`. */
  variant?: string;
  severity?: Severity;
  step?: StepId;
  /** The server reply or value verbatim. */
  evidence?: string;
  /** The reply was a receiver's own wording (shared/known-replies): its cause, fix and page go with the finding. */
  known?: KnownWording;
}

/** What the known-replies table says about a reply, as a finding carries it. */
export interface KnownWording {
  receiver: string;
  cause: string;
  fix: readonly string[];
  link: FindingLink;
}

export { hintFor, type HintHost } from './finding-hint.ts';

/** The findings with `hint` in the form for `host` and no second form: what that host prints or exports. */
export function findingsFor(findings: readonly Finding[], host: HintHost): Finding[] {
  return findings.map((f) => {
    const shown: Finding = { ...f, hint: hintFor(f, host) };
    delete shown.uiHint;
    return shown;
  });
}

/** Builds a finding from the catalog: the single place where catalog text meets run values. */
export function makeFinding(code: FindingCode, given: TemplateValues = {}, options: MakeFindingOptions = {}): Finding {
  const text: FindingText = FINDINGS_CATALOG[code];
  const known = options.known;
  const knownValues = known ? { receiver: known.receiver, cause: known.cause, fix: known.fix.join(' ') } : {};
  const values = { ...given, ...knownValues };
  const template = options.variant !== undefined ? text.variants?.[options.variant] : text.message;
  if (template === undefined) throw new Error(`finding ${code} has no variant "${options.variant}"`);
  const variantHint = options.variant !== undefined ? text.variantHints?.[options.variant] : undefined;
  const hint = variantHint ?? text.hint;
  const finding: Finding = {
    code,
    severity: options.severity ?? FINDING_CODES[code].severity,
    step: options.step ?? FINDING_CODES[code].step,
    message: fillTemplate(template, values),
    hint: fillTemplate(hint, values),
  };
  const uiHint = options.variant !== undefined && variantHint !== undefined ? text.variantUiHints?.[options.variant] : text.uiHint;
  if (uiHint !== undefined) finding.uiHint = fillTemplate(uiHint, values);
  if (options.evidence !== undefined) finding.evidence = options.evidence;
  if (!known) return finding;
  // The codes written for known wordings name the cause and fix in their own templates; any other
  // code (a relay denial, an unknown user...) gets the cause after its message and the receiver's
  // fix instead of its generic hint.
  finding.link = known.link;
  if (!template.includes('{cause}')) finding.message += fillTemplate(KNOWN_WORDING.message, values);
  if (!hint.includes('{fix}')) {
    finding.hint = fillTemplate(KNOWN_WORDING.hint, values);
    delete finding.uiHint;
  }
  return finding;
}

export function findingTitle(code: FindingCode): string {
  return FINDINGS_CATALOG[code].title;
}

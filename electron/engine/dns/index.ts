/** DNS for the wizard's MX and PTR steps, the client side, and the addresses to connect to. */
export { DNS_DEFAULTS, parseDnsServer, type DnsOptions, type DnsServer } from './dns-options.ts';
export { createDnsClient, outcomeFromErrorCode, type DnsAnswer, type DnsClient, type DnsRecordType, type RawResolver } from './dns-client.ts';
export { DnsInputError, addressLiteral, isIpLiteral, parseIpAddress, reverseName, toAsciiDomain, type IpAddress } from './names.ts';
export { CNAME_CHAIN_CAP, MX_HOST_CAP, lookupMx, lookupMxWith } from './mx.ts';
export { PTR_NAME_CAP, checkPtr, checkPtrWith } from './ptr.ts';
export {
  DEFAULT_PUBLIC_IP_RESOLVERS,
  addressFromTxt,
  PUBLIC_IP_METHODS,
  discoverPublicIp,
  type PublicIpMethod,
  type PublicIpOptions,
  type PublicIpResolver,
  type PublicIpResult,
} from './public-ip.ts';
export { addressFromEhloGreeting, inspectClientSide, suggestEhloName, type ClientSideRequest } from './client-side.ts';
export { resolveHost, type AddressFamily, type ResolvedHost } from './resolve-host.ts';

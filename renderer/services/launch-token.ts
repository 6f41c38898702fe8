/**
 * Browser mode's launch token in the page address (`?token=`, or `#token=`): read once for the
 * bridge, then taken out of the address. Pure functions of a location, so they are tested without
 * a browser.
 */
import { BRIDGE_PATH } from '../../shared/ipc/bridge-protocol.ts';

/** `?token=` in the query or `#token=` in the fragment of the page's address. */
export function tokenFromLocation(location: { search: string; hash: string }): string | null {
  return new URLSearchParams(location.search).get('token') ?? new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
}

/** The bridge's address on the host that served the page. */
export function bridgeUrl(location: { protocol: string; host: string; search: string; hash: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = tokenFromLocation(location);
  // Without a token in the address, the cookie set when the page was first opened still carries it.
  return `${scheme}//${location.host}${BRIDGE_PATH}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

/** The page's address without the token (query and fragment), or null when it carries none. */
export function addressWithoutToken(location: { pathname: string; search: string; hash: string }): string | null {
  if (tokenFromLocation(location) === null) return null;
  const withoutToken = (part: string): string => {
    const params = new URLSearchParams(part);
    if (!params.has('token')) return part;
    params.delete('token');
    return params.toString();
  };
  const search = withoutToken(location.search.replace(/^\?/, ''));
  const hash = withoutToken(location.hash.replace(/^#/, ''));
  return `${location.pathname}${search ? `?${search}` : ''}${hash ? `#${hash}` : ''}`;
}

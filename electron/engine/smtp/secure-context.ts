/**
 * The TLS context of a connection: Node's bundled roots plus the user's extra CA certificates.
 *
 * `tls.connect({ ca: [...tls.rootCertificates, ...extra] })` would parse all ~140 bundled roots
 * again for every connection (about 50 ms of CPU, the largest single cost of a loopback session).
 * A default context shares the root store Node built once; adding the extra certificates to it
 * gives that context its own copy of the store (Node copies on the first write, so the shared store
 * and every other context stay as they were).
 */
import tls from 'node:tls';

/** The native half of a SecureContext: `addCACert` is what `tls.createSecureContext({ ca })` calls for each certificate. */
interface NativeContext {
  addCACert?: (pem: string) => void;
}

/**
 * A client context with TLS 1.2 as the floor that trusts each PEM in `extra` besides the roots a
 * default context trusts (Node's bundled roots; the system's with --use-openssl-ca).
 * Falls back to the documented `ca` option where a context has no native half to add to.
 */
export function secureContextWith(extra: readonly string[]): tls.SecureContext {
  const options: tls.SecureContextOptions = { minVersion: 'TLSv1.2' };
  const context = tls.createSecureContext(options);
  const native = (context as unknown as { context?: NativeContext }).context;
  if (typeof native?.addCACert !== 'function') return tls.createSecureContext({ ...options, ca: [...tls.rootCertificates, ...extra] });
  for (const pem of extra) native.addCACert(pem);
  return context;
}

/**
 * Certificates for TLS tests, made at test time in memory (nothing written, nothing in git):
 * a private CA, a good leaf signed by it for "localhost" + 127.0.0.1, an expired leaf, a
 * not-yet-valid leaf, a leaf for the wrong host, a self-signed certificate, a leaf under an
 * intermediate CA (served with and without it), and a 1024-bit RSA leaf under a private RSA CA.
 */
import { generate } from 'selfsigned';

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface TestCerts {
  ca: KeyAndCert;
  /** Signed by `ca`, valid now, SAN localhost + 127.0.0.1 + ::1. */
  good: KeyAndCert;
  /** Signed by `ca`, validity ended yesterday. */
  expired: KeyAndCert;
  /** Signed by `ca`, valid from tomorrow. */
  notYetValid: KeyAndCert;
  /** Signed by `ca`, valid now, but only for wrong.example. */
  wrongHost: KeyAndCert;
  /** Self-signed, valid now, for localhost. */
  selfSigned: KeyAndCert;
  /** Signed by an intermediate CA (itself signed by `ca`), served WITHOUT the intermediate. */
  incompleteChain: KeyAndCert;
  /** The same leaf served with its intermediate: the chain verifies against `ca`. */
  fullChain: KeyAndCert;
  /** A second private CA, with an RSA key (an RSA leaf must be signed by an RSA key here). */
  rsaCa: KeyAndCert;
  /** Signed by `rsaCa`, valid now for localhost, but with a 1024-bit RSA key. */
  weakRsa: KeyAndCert;
}

const DAY = 86_400_000;

function leafExtensions(names: string[], ips: string[]) {
  return [
    { name: 'basicConstraints' as const, cA: false },
    { name: 'keyUsage' as const, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage' as const, serverAuth: true },
    {
      name: 'subjectAltName' as const,
      altNames: [...names.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
    },
  ];
}

let cached: Promise<TestCerts> | undefined;

/** Generated once per test file (EC keys: fast). */
export function testCerts(): Promise<TestCerts> {
  cached ??= makeCerts();
  return cached;
}

async function makeCerts(): Promise<TestCerts> {
  const now = Date.now();
  const caPems = await generate([{ name: 'commonName', value: 'SMTP Probe Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY),
    notAfterDate: new Date(now + 30 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const ca = { key: caPems.private, cert: caPems.cert };
  const caExtensions = [
    { name: 'basicConstraints' as const, cA: true, critical: true },
    { name: 'keyUsage' as const, keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ];
  const leaf = async (cn: string, names: string[], ips: string[], from: number, to: number, issuer: KeyAndCert = ca): Promise<KeyAndCert> => {
    const pems = await generate([{ name: 'commonName', value: cn }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: new Date(from),
      notAfterDate: new Date(to),
      extensions: leafExtensions(names, ips),
      ca: issuer,
    });
    return { key: pems.private, cert: pems.cert };
  };
  const local = ['localhost'];
  const loopback = ['127.0.0.1', '::1'];
  const [good, expired, notYetValid, wrongHost, selfPems] = await Promise.all([
    leaf('localhost', local, loopback, now - DAY, now + 10 * DAY),
    leaf('localhost', local, loopback, now - 10 * DAY, now - DAY),
    leaf('localhost', local, loopback, now + DAY, now + 10 * DAY),
    leaf('wrong.example', ['wrong.example'], [], now - DAY, now + 10 * DAY),
    generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: new Date(now - DAY),
      notAfterDate: new Date(now + 10 * DAY),
      extensions: leafExtensions(local, loopback),
    }),
  ]);
  const validity = { notBeforeDate: new Date(now - DAY), notAfterDate: new Date(now + 30 * DAY) };
  const interPems = await generate([{ name: 'commonName', value: 'SMTP Probe Test Intermediate CA' }], { keyType: 'ec', algorithm: 'sha256', ...validity, extensions: caExtensions, ca });
  const underIntermediate = await leaf('localhost', local, loopback, now - DAY, now + 10 * DAY, { key: interPems.private, cert: interPems.cert });
  // RSA keys: the weak leaf needs 1024 bits, and selfsigned signs an RSA leaf only with an RSA key.
  const rsaCaPems = await generate([{ name: 'commonName', value: 'SMTP Probe Test RSA CA' }], { keySize: 2048, algorithm: 'sha256', ...validity, extensions: caExtensions });
  const rsaCa = { key: rsaCaPems.private, cert: rsaCaPems.cert };
  const weakPems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 1024, algorithm: 'sha256', ...validity, extensions: leafExtensions(local, loopback), ca: rsaCa });
  return {
    ca,
    good,
    expired,
    notYetValid,
    wrongHost,
    selfSigned: { key: selfPems.private, cert: selfPems.cert },
    incompleteChain: underIntermediate,
    fullChain: { key: underIntermediate.key, cert: `${underIntermediate.cert.trim()}\n${interPems.cert}` },
    rsaCa,
    weakRsa: { key: weakPems.private, cert: weakPems.cert },
  };
}

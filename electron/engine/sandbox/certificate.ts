/**
 * The sandbox's self-signed certificate: made at first start for the sandbox hostname,
 * `localhost` and 127.0.0.1, stored in the data folder with its key (mode 0600) and reused
 * on later starts, so a user who trusted it once (or pinned it in a profile) keeps it.
 * Made anew when it is missing, unreadable, expired or about to expire, does not match
 * its key, or no longer names the hostname.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { osErrorCode, toSandboxError } from './sandbox-error.ts';

export const CERT_FILE = 'sandbox-cert.pem';
export const KEY_FILE = 'sandbox-key.pem';
const VALIDITY_DAYS = 365;
/** Renew a little before the end so a long demo does not run into expiry. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
/** Backdated against small clock differences between client and server. */
const BACKDATE_MS = 3600 * 1000;
const MAX_PEM_BYTES = 64 * 1024;

export interface SandboxCertificate {
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
  /** Why a new one was made, or undefined when the stored one was reused. */
  createdBecause?: string;
}

/** Returns why the stored pair cannot be reused, or undefined when it can. Pure apart from crypto parsing. */
export function certificateProblem(certPem: string, keyPem: string, hostname: string, now: Date): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (err) {
    return `the certificate cannot be parsed (${err instanceof Error ? err.message : String(err)})`;
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return 'the key does not match the certificate';
  } catch (err) {
    return `the key cannot be parsed (${err instanceof Error ? err.message : String(err)})`;
  }
  const notBefore = new Date(cert.validFrom).getTime();
  const notAfter = new Date(cert.validTo).getTime();
  if (!(notBefore <= now.getTime())) return 'the certificate is not valid yet';
  if (!(notAfter - RENEW_BEFORE_MS > now.getTime())) return 'the certificate has expired or expires within 7 days';
  if (cert.checkHost(hostname) === undefined) return `the certificate does not name ${hostname}`;
  if (cert.checkHost('localhost') === undefined) return 'the certificate does not name localhost';
  if (cert.checkIP('127.0.0.1') === undefined) return 'the certificate does not name 127.0.0.1';
  return undefined;
}

/** A fresh self-signed certificate for hostname, localhost and 127.0.0.1. */
export async function createCertificate(hostname: string, now: Date): Promise<{ certPem: string; keyPem: string }> {
  const notBeforeDate = new Date(now.getTime() - BACKDATE_MS);
  const notAfterDate = new Date(now.getTime() + VALIDITY_DAYS * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: hostname }, { name: 'organizationName', value: 'SMTP Probe sandbox' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: hostname },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}

async function readPem(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return text.length > MAX_PEM_BYTES ? undefined : text;
  } catch (err) {
    // A missing file is the first start; anything else (EACCES, EISDIR) is worth knowing.
    if (osErrorCode(err) === 'ENOENT') return undefined;
    throw toSandboxError(err, 'ECERT', 'certificate', `Cannot read ${path}`);
  }
}

export async function loadOrCreateCertificate(dataDir: string, hostname: string, now = new Date()): Promise<SandboxCertificate> {
  const certPath = join(dataDir, CERT_FILE);
  const keyPath = join(dataDir, KEY_FILE);
  const [certPem, keyPem] = await Promise.all([readPem(certPath), readPem(keyPath)]);
  let createdBecause: string;
  if (certPem === undefined || keyPem === undefined) {
    createdBecause = 'no certificate was stored yet';
  } else {
    const problem = certificateProblem(certPem, keyPem, hostname, now);
    if (problem === undefined) {
      // Keep the key private even if someone loosened its mode since.
      await chmod(keyPath, 0o600).catch((err: unknown) => {
        throw toSandboxError(err, 'ECERT', 'certificate', `Cannot restrict the mode of ${keyPath}`);
      });
      return { certPem, keyPem, certPath, keyPath };
    }
    createdBecause = problem;
  }
  let fresh: { certPem: string; keyPem: string };
  try {
    fresh = await createCertificate(hostname, now);
  } catch (err) {
    throw toSandboxError(err, 'ECERT', 'certificate', 'Cannot generate the self-signed certificate');
  }
  try {
    // Key first: a crash in between leaves a pair that fails the match check and is made anew.
    await writeFileAtomic(keyPath, fresh.keyPem);
    await writeFileAtomic(certPath, fresh.certPem);
  } catch (err) {
    throw toSandboxError(err, 'ECERT', 'certificate', `Cannot store the certificate in ${dataDir}`);
  }
  return { ...fresh, certPath, keyPath, createdBecause };
}

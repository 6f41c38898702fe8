import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateProblem, createCertificate } from '../../../../electron/engine/sandbox/certificate.ts';

const HOST = 'sandbox.smtp-probe.test';
const NOW = new Date('2030-06-01T00:00:00Z');
let pair: { certPem: string; keyPem: string };
let other: { certPem: string; keyPem: string };

beforeAll(async () => {
  [pair, other] = await Promise.all([createCertificate(HOST, NOW), createCertificate('other.test', NOW)]);
});

describe('createCertificate', () => {
  it('names the hostname, localhost and 127.0.0.1, is self-signed and not a CA', () => {
    const cert = new X509Certificate(pair.certPem);
    expect(cert.subjectAltName).toContain(`DNS:${HOST}`);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.ca).toBe(false);
    // Self-signed: its own issuer, signed by its own key.
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(NOW.getTime() + 300 * 24 * 3600 * 1000);
  });
});

describe('certificateProblem', () => {
  it('accepts a fresh matching pair', () => {
    expect(certificateProblem(pair.certPem, pair.keyPem, HOST, NOW)).toBeUndefined();
  });

  it.each([
    ['garbage certificate', () => ['nope', pair.keyPem, HOST, NOW], /cannot be parsed/],
    ['garbage key', () => [pair.certPem, 'nope', HOST, NOW], /key cannot be parsed/],
    ['key of another certificate', () => [pair.certPem, other.keyPem, HOST, NOW], /does not match/],
    ['expired', () => [pair.certPem, pair.keyPem, HOST, new Date(NOW.getTime() + 400 * 24 * 3600 * 1000)], /expired/],
    ['expiring within 7 days', () => [pair.certPem, pair.keyPem, HOST, new Date(NOW.getTime() + 360 * 24 * 3600 * 1000)], /expires within 7 days/],
    ['not valid yet', () => [pair.certPem, pair.keyPem, HOST, new Date(NOW.getTime() - 2 * 24 * 3600 * 1000)], /not valid yet/],
    ['another hostname', () => [pair.certPem, pair.keyPem, 'mail.example.com', NOW], /does not name mail\.example\.com/],
  ])('reports %s', (_name, args, problem) => {
    const [cert, key, host, now] = args() as [string, string, string, Date];
    expect(certificateProblem(cert, key, host, now)).toMatch(problem);
  });
});

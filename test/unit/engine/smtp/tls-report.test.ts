import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { authorizationMessage, certificateInfo, distinguishedName, tlsTranscriptLines } from '../../../../electron/engine/smtp/tls-report.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

/** The fields Node's getPeerCertificate() gives, made from a real certificate. */
function peer(pem: string): PeerCertificate {
  const x = new X509Certificate(pem);
  const dn = (text: string) => Object.fromEntries(text.split('\n').map((l) => l.split('=') as [string, string]));
  return {
    raw: x.raw,
    subject: dn(x.subject),
    issuer: dn(x.issuer),
    subjectaltname: x.subjectAltName,
    valid_from: x.validFrom,
    valid_to: x.validTo,
    serialNumber: x.serialNumber,
    fingerprint: x.fingerprint,
    fingerprint256: x.fingerprint256,
  } as unknown as PeerCertificate;
}

describe('tls-report', () => {
  it('distinguishedName joins keys and repeated values in order', () => {
    expect(distinguishedName({ CN: 'mx.example.net', O: 'Example', OU: ['a', 'b'] })).toBe('CN=mx.example.net, O=Example, OU=a, OU=b');
    expect(distinguishedName(undefined)).toBe('');
  });

  it('authorizationMessage explains the common codes and names unknown ones', () => {
    expect(authorizationMessage('CERT_HAS_EXPIRED')).toBe('the certificate has expired');
    expect(authorizationMessage('ERR_TLS_CERT_ALTNAME_INVALID')).toMatch(/does not name this host/);
    expect(authorizationMessage('SOMETHING_NEW')).toMatch(/SOMETHING_NEW/);
  });

  it('certificateInfo: subject, issuer, SANs, ISO dates, key, self-signed', async () => {
    const certs = await testCerts();
    const leaf = certificateInfo(peer(certs.good.cert));
    expect(leaf).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=SMTP Probe Test CA', selfSigned: false });
    expect(leaf.subjectAltNames).toEqual(['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1']);
    expect(leaf.validFrom).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(leaf.validTo)).toBeGreaterThan(Date.parse(leaf.validFrom));
    expect(leaf.publicKey).toBe('EC prime256v1');
    expect(certificateInfo(peer(certs.selfSigned.cert)).selfSigned).toBe(true);
  });

  it('transcript lines say whether the certificate verified and why not', () => {
    const base = { protocol: 'TLSv1.3', cipher: { name: 'TLS_AES_256_GCM_SHA384', version: 'TLSv1.3' }, servername: 'localhost', chain: [] };
    expect(tlsTranscriptLines({ ...base, authorized: true }).join('\n')).toMatch(/TLSv1\.3[\s\S]*certificate verified/);
    const bad = tlsTranscriptLines({ ...base, authorized: false, authorizationError: 'CERT_HAS_EXPIRED', authorizationMessage: 'the certificate has expired', inspectedAnyway: true });
    expect(bad.join('\n')).toMatch(/NOT verified: CERT_HAS_EXPIRED.*inspect anyway/);
  });
});

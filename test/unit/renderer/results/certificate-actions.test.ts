// @vitest-environment happy-dom
/** CertificateActions: a run's certificate can be trusted for its profile; one in a report opened from a file never. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import CertificateActions from '../../../../renderer/components/results/CertificateActions.vue';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { useRunStore } from '../../../../renderer/stores/run.ts';
import type { CertificateInfo, TlsReport } from '../../../../shared/evidence.ts';
import { buildReport } from '../../../fixtures/reports/build-report.ts';
import { mountWithApp, profileView } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(async () => ({ ok: true, value: [] })), on: vi.fn() } }));
enableAutoUnmount(afterEach);

const leaf: CertificateInfo = {
  subject: 'CN=mail.example.com',
  issuer: 'CN=mail.example.com',
  subjectAltNames: ['DNS:mail.example.com'],
  validFrom: '2026-01-01T00:00:00Z',
  validTo: '2027-01-01T00:00:00Z',
  serialNumber: '01',
  fingerprint256: 'AB:CD',
  selfSigned: true,
};
const tls = { protocol: 'TLSv1.3', cipher: null, servername: 'mail.example.com', authorized: false, chain: [leaf] } as unknown as TlsReport;
const office = profileView();

function mountFor(opened: boolean) {
  const wrapper = mountWithApp(CertificateActions, { props: { tls, leaf } });
  useProfilesStore().profiles.push(office);
  const run = useRunStore();
  run.select(office.id);
  if (opened) run.showOpened(buildReport());
  return wrapper;
}

describe('CertificateActions', () => {
  it("offers to trust the certificate and inspect anyway for the profile's own run", async () => {
    const wrapper = mountFor(false);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="trust-certificate"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="inspect-anyway"]').exists()).toBe(true);
  });

  it('in a report opened from a file, shows the certificate but offers neither', async () => {
    const wrapper = mountFor(true);
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).toContain('CN=mail.example.com');
    expect(wrapper.find('[data-testid="trust-certificate"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="inspect-anyway"]').exists()).toBe(false);
  });
});

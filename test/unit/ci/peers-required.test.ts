/** test/helpers/peers.ts: in CI a missing peer fails the run, unless the runner declares it has none. */
import { expect, it } from 'vitest';
import { peersRequired } from '../../helpers/peers.ts';

it('CI=true requires the peers; SMTP_PROBE_PEERS=none (the release workflow\'s build job) lets them skip', () => {
  expect(peersRequired({ CI: 'true' })).toBe(true);
  expect(peersRequired({ CI: '1' })).toBe(true);
  expect(peersRequired({ CI: 'true', SMTP_PROBE_PEERS: 'none' })).toBe(false);
  expect(peersRequired({ CI: 'true', SMTP_PROBE_PEERS: '' })).toBe(true);
  expect(peersRequired({})).toBe(false);
});

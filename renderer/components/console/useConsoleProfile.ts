/**
 * What the console says about the profile it belongs to: where it connects (the address it really
 * connected to, else what the profile names), whether AUTH has credentials and whose, and the
 * status tag of this profile's session.
 */
import { computed } from 'vue';
import { visibleText } from '../../../shared/visible-text.ts';
import { useConsoleStore } from '../../stores/console.ts';
import { useProfilesStore } from '../../stores/profiles.ts';

const STATUS = {
  closed: { label: 'not connected', severity: 'secondary' },
  opening: { label: 'connecting…', severity: 'info' },
  open: { label: 'connected', severity: 'success' },
  busy: { label: 'waiting for the reply…', severity: 'info' },
} as const;

export function useConsoleProfile(profileId: () => string) {
  const session = useConsoleStore();
  const profiles = useProfilesStore();
  const profile = computed(() => profiles.profiles.find((p) => p.id === profileId()));
  /** The console shows this profile's session only. */
  const mine = computed(() => session.profileId === profileId());
  const targetLine = computed(() => {
    const live = session.connected ? session.target : null;
    if (live) return `${visibleText(live.host)}:${live.port} (${live.security})`;
    const p = profile.value;
    return p ? `${visibleText(p.target)}${p.port ? `:${p.port}` : ''} (${p.security})` : '';
  });
  /** The ready "Local test server" profile logs in with the built-in server's own account. */
  const builtInAuth = computed(() => profile.value?.builtIn === 'sandbox' && !profile.value.authUser);
  const hasCredentials = computed(() => (profile.value?.hasPassword ?? false) || builtInAuth.value);
  const authUserLabel = computed(() => (builtInAuth.value ? "the built-in server's user" : profile.value?.authUser));
  const statusTag = computed(() => STATUS[mine.value ? session.status : 'closed']);
  return { profile, mine, targetLine, hasCredentials, authUserLabel, statusTag };
}

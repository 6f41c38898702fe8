/**
 * The saved profiles as main lists them (`profiles/list`): sorted (the built-in one first), searched,
 * the selection, and the last error of any profile call. Changes arrive through `upsert`/`drop`.
 */
import { computed, ref } from 'vue';
import type { ProfileView } from '../../../shared/profile.ts';
import type { IpcError, Result } from '../../../shared/ipc/result.ts';
import { api } from '../../services/api.ts';

export type ProfilesStatus = 'idle' | 'loading' | 'ready' | 'error';

function byName(a: ProfileView, b: ProfileView): number {
  if ((a.builtIn !== undefined) !== (b.builtIn !== undefined)) return a.builtIn !== undefined ? -1 : 1;
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export function useProfileList() {
  const profiles = ref<ProfileView[]>([]);
  const selectedId = ref<string | undefined>();
  const search = ref('');
  const status = ref<ProfilesStatus>('idle');
  const lastError = ref<IpcError | undefined>();

  const sorted = computed(() => [...profiles.value].sort(byName));
  const filtered = computed(() => {
    const q = search.value.trim().toLowerCase();
    if (q === '') return sorted.value;
    return sorted.value.filter((p) => p.name.toLowerCase().includes(q) || p.target.toLowerCase().includes(q));
  });
  const selected = computed(() => profiles.value.find((p) => p.id === selectedId.value));

  function remember<T>(result: Result<T>): Result<T> {
    lastError.value = result.ok ? undefined : result.error;
    return result;
  }

  function upsert(view: ProfileView): void {
    const i = profiles.value.findIndex((p) => p.id === view.id);
    profiles.value = i === -1 ? [...profiles.value, view] : profiles.value.map((p) => (p.id === view.id ? view : p));
  }

  function drop(id: string): void {
    profiles.value = profiles.value.filter((p) => p.id !== id);
  }

  /** Loads the list; with nothing selected, selects the built-in "Local test server" (first launch). */
  async function load(): Promise<Result<ProfileView[]>> {
    status.value = 'loading';
    const result = remember(await api.invoke('profiles/list', {}));
    if (!result.ok) {
      status.value = 'error';
      return result;
    }
    profiles.value = result.value;
    status.value = 'ready';
    if (selected.value === undefined) {
      const first = profiles.value.find((p) => p.builtIn === 'sandbox') ?? sorted.value[0];
      selectedId.value = first?.id;
    }
    return result;
  }

  return { profiles, selectedId, search, status, lastError, sorted, filtered, selected, remember, upsert, drop, load };
}

/** The notices shown (storage problems, the welcome), each once; the welcome is closed for good. */
import { ref } from 'vue';
import type { StorageNotice } from '../../../shared/ipc/contract.ts';
import { api } from '../../services/api.ts';

export interface ShownNotice extends StorageNotice {
  id: number;
}

export function useNoticesState() {
  const notices = ref<ShownNotice[]>([]);
  let nextNoticeId = 1;

  function addNotice(notice: StorageNotice): void {
    // The same notice twice (app/info and the event) is shown once.
    if (notices.value.some((n) => n.kind === notice.kind && n.message === notice.message)) return;
    notices.value = [...notices.value, { ...notice, id: nextNoticeId++ }];
  }
  /** Closes a notice; closing the welcome tells main, which keeps it closed in settings.json. */
  function dismissNotice(id: number): void {
    const notice = notices.value.find((n) => n.id === id);
    notices.value = notices.value.filter((n) => n.id !== id);
    if (notice?.kind === 'first-launch') void api.invoke('app/dismiss-welcome', {});
  }

  return { notices, addNotice, dismissNotice };
}

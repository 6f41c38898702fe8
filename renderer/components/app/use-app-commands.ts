/**
 * The window's commands: native menu actions (menu/action from main) and the global shortcuts,
 * routed to the sidebar, the opened-report store and the ui store.
 */
import { onScopeDispose } from 'vue';
import type { MenuAction } from '../../../shared/ipc/contract.ts';
import { api } from '../../services/api.ts';
import { openLink } from '../../services/open-link.ts';
import { useKeyboardShortcuts } from '../../composables/useKeyboardShortcuts.ts';
import { useOpenedReportStore } from '../../stores/opened-report.ts';
import { useUiStore } from '../../stores/ui.ts';
import type { ThemeChoice } from '../../theme.ts';

/** What the sidebar offers the menu: New, Import and Export of profiles. */
export interface SidebarCommands {
  createProfile: () => void;
  openImport: () => void;
  exportAll: () => Promise<void>;
}

export function useAppCommands(sidebar: () => SidebarCommands | null | undefined): void {
  const ui = useUiStore();
  const openedReport = useOpenedReportStore();

  function onMenu(action: MenuAction): void {
    ui.lastMenuAction = action;
    switch (action) {
      case 'new-profile':
        sidebar()?.createProfile();
        break;
      case 'import-profiles':
        sidebar()?.openImport();
        break;
      case 'export-profiles':
        void sidebar()?.exportAll();
        break;
      case 'open-report':
        void openedReport.choose();
        break;
      case 'export-transcript':
        ui.activeTab = 'wizard';
        ui.requestExportTranscript();
        break;
      case 'about':
        ui.aboutOpen = true;
        break;
      case 'reply-codes':
        void openLink('iana-enhanced-codes');
        break;
      case 'theme-system':
      case 'theme-light':
      case 'theme-dark':
        ui.setTheme(action.slice('theme-'.length) as ThemeChoice);
        break;
    }
  }
  onScopeDispose(api.on('menu/action', ({ action }) => onMenu(action)));

  useKeyboardShortcuts({
    handlers: {
      runNext: () => {
        ui.activeTab = 'wizard';
        ui.requestRunNext();
      },
      newProfile: () => sidebar()?.createProfile(),
      save: () => {
        ui.activeTab = 'settings';
        ui.requestSave();
      },
      focusSearch: () => ui.requestFocusSearch(),
    },
  });
}

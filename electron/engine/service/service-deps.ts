/** What a host hands the service table: where files live, how secrets are sealed, where events go. */
import type { CheckRequest, PublicIpResolver } from '../../../shared/check-request.ts';
import type { EventChannel, EventPayloads, ThemeChoice } from '../../../shared/ipc/contract.ts';
import type { SecretStore } from '../store/secrets.ts';

export type Emit = <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;

/** Run settings a host (or a test) imposes on every run: tests point DNS at the loopback peer. */
export interface RunDefaults {
  /** Used when a profile names no DNS server. */
  dnsServer?: string;
  /** [] = do not discover the public IP; undefined = the engine's defaults (sandbox profile: []). */
  publicIpResolvers?: PublicIpResolver[];
  /** Deadlines used where a profile sets none. */
  timeouts?: CheckRequest['timeouts'];
}

export interface ServiceDeps {
  /** The user data folder: profiles.json, secrets.json, runs/, sandbox/. */
  dataDir: string;
  /** Electron safeStorage in the desktop app; memorySecretStore() in browser mode and tests. */
  secrets: SecretStore;
  emit: Emit;
  /** Desktop: the native save dialog. Absent in browser mode: export/save returns the text for a download. */
  saveFile?: (suggestedName: string, text: string) => Promise<{ saved: boolean; path?: string }>;
  /** Desktop: File > Open report's native open dialog (the chosen path, or undefined). Absent in browser mode: a report is dropped. */
  chooseReportFile?: () => Promise<string | undefined>;
  /** Opens a vetted https URL in the system browser (desktop: shell.openExternal). Absent in browser mode: the page opens it in a new tab. */
  openExternal?: (url: string) => Promise<void>;
  /** Desktop: View > Theme and nativeTheme take the page's choice. Absent in browser mode (no menu). */
  setTheme?: (theme: ThemeChoice) => void;
  host: 'electron' | 'browser';
  clock?: () => Date;
  runDefaults?: RunDefaults;
  /** Ports of the built-in test server; default: 2525/2465 when free, else random. Tests pass 0. */
  sandboxPorts?: { smtp: number; tls: number };
  /** Where the detail of a handler's exception goes (never to a page); console.error by default. */
  log?: (line: string) => void;
}

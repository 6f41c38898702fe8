/**
 * The lazy views (renderer/components/lazy.ts) loaded ahead: a test then finds them drawn at once,
 * as the app does once their chunk has arrived (Vue draws an async component synchronously once
 * its loader has resolved).
 */
import * as lazy from '../../../renderer/components/lazy.ts';

export async function loadLazyViews(): Promise<void> {
  await Promise.all(Object.values(lazy).map((c) => (c as { __asyncLoader?: () => Promise<unknown> }).__asyncLoader?.()));
}

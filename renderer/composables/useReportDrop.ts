/**
 * A file dropped anywhere on the window opens as a report (the ticket round trip). Only drags that
 * carry files are taken: text or links dragged inside the page are left alone. Taking the drop also
 * keeps the browser (or Electron) from navigating to the dropped file.
 */
import { onScopeDispose } from 'vue';

export function useReportDrop(open: (file: File) => void): void {
  const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

  function onDragOver(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  }
  function onDrop(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    // One report at a time: the first file dropped.
    const file = event.dataTransfer?.files[0];
    if (file) open(file);
  }

  window.addEventListener('dragover', onDragOver);
  window.addEventListener('drop', onDrop);
  onScopeDispose(() => {
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('drop', onDrop);
  });
}

/**
 * Hands text to the user as a file: a Blob URL and a temporary <a download>. Used where the host
 * returns text instead of saving (browser mode's export/save, profiles/export).
 */
export function downloadText(text: string, fileName: string, mime = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Revoke after the click has been handled; the download keeps its own reference.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

// Handing an export to the user under the server's file name: an object URL behind an <a download>.

/** fileNameFrom reads the file name of a Content-Disposition header (plain or RFC 5987 form), without folders. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  let name: string | undefined;
  const extended = disposition ? /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition) : null;
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      // fall back to the plain name
    }
  }
  if (!name && disposition) {
    name = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1]?.replace(/\\(.)/g, '$1') ??
      /filename\s*=\s*([^;\s]+)/i.exec(disposition)?.[1];
  }
  const base = (name ?? '').split(/[/\\]/).pop()?.trim() ?? '';
  return base && base !== '.' && base !== '..' ? base : fallback;
}

/** saveBlob offers blob to the user as a download named name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser reads the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** saveText offers text as a small download (the detached signature). */
export function saveText(text: string, name: string, type = 'application/json'): void {
  saveBlob(new Blob([text], { type }), name);
}

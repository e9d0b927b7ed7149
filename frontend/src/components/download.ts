// Handing a downloaded file to the user: an object URL behind an <a download>, and the file's name.

/** filenameFromDisposition reads the file name of a Content-Disposition header (RFC 6266, with RFC 5987 names). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
  const token = /filename\s*=\s*([^;\s]+)/i.exec(header);
  return token?.[1] ?? null;
}

/** safeFileName keeps a name usable as a download name: no folders, never empty. */
export function safeFileName(name: string | null | undefined, fallback = 'evidence.bin'): string {
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

/** saveText offers text as a small download (a detached signature, say). */
export function saveText(text: string, name: string, type = 'application/json'): void {
  saveBlob(new Blob([text], { type }), name);
}

/** fileNameFrom is the safe download name a Content-Disposition header gives, or fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  return safeFileName(filenameFromDisposition(disposition), fallback);
}

/** A date-time as a person reads it, in the page's language. */
export function formatDateTime(iso: string | null | undefined, language = 'en'): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** A date alone, e.g. a revision or due date. */
export function formatDate(iso: string | null | undefined, language = 'en'): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(new Date(iso));
}

/** Offers `content` as a file to save, without any request to a server. */
export function downloadFile(fileName: string, mediaType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

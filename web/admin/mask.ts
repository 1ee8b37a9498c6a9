/**
 * An address as the queue shows it before a request is opened: the first
 * letter and the domain, enough to tell requests apart, e.g. j•••@example.org.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

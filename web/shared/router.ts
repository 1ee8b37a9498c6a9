import { useEffect, useState } from 'preact/hooks';

/** The page's place, from the URL's hash: `#/events/x` is `/events/x`; none is `/`. */
function currentPath(): string {
  const path = decodeURI(window.location.hash.replace(/^#/, ''));
  return path.startsWith('/') ? path : '/';
}

/**
 * The path the hash names, kept current. Hash routes need nothing of the
 * server: `/` and `/admin` are the only pages it serves, locally and on S3.
 */
export function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const follow = () => setPath(currentPath());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return path;
}

/** The href of a route, for links. */
export function routeHref(path: string): string {
  return `#${encodeURI(path)}`;
}

export function navigate(path: string): void {
  window.location.hash = encodeURI(path);
}

/** `/requests/abc` against `/requests/:id` gives `{ id: 'abc' }`; no match gives null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split('/').filter(Boolean);
  const given = path.split('/').filter(Boolean);
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = given[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = value;
    else if (part !== value) return null;
  }
  return params;
}

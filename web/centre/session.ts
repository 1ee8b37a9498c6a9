import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { StoredToken } from '../shared/session';

/** The signed-in person's token, if any, and how to change it; shared by every view. */
export interface SubjectSession {
  token: string | null;
  signedIn: (token: StoredToken) => void;
  signOut: () => void;
}

export const SubjectSessionContext = createContext<SubjectSession>({
  token: null,
  signedIn: () => undefined,
  signOut: () => undefined,
});

export function useSubjectSession(): SubjectSession {
  return useContext(SubjectSessionContext);
}

/** The signed-in person's address, from their token's claims; empty when there is none. */
export function emailOfToken(token: string | null): string {
  const payload = token?.split('.')[1];
  if (!payload) return '';
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (char) =>
      char.charCodeAt(0),
    );
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { email?: unknown };
    return typeof claims.email === 'string' ? claims.email : '';
  } catch {
    return '';
  }
}

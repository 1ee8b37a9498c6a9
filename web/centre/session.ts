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

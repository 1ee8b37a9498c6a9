import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { TypedDocumentString } from '../gql/graphql';

/** The signed-in admin: every view calls the API through `call`, which carries the token. */
export interface AdminSession {
  call: <TResult, TVariables>(
    operation: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ) => Promise<TResult>;
  signOut: () => void;
}

export const AdminSessionContext = createContext<AdminSession | null>(null);

export function useAdminSession(): AdminSession {
  const session = useContext(AdminSessionContext);
  if (!session) throw new Error('useAdminSession outside the signed-in admin desk');
  return session;
}

import type { Role } from './constants';

/** Who is calling, as the token said. PUBLIC carries no token. */
export type Caller =
  | { role: 'PUBLIC' }
  | { role: 'ADMIN'; sub: string }
  | { role: 'PARTNER'; sub: string; partnerId: string }
  | {
      role: 'SUBJECT';
      sub: string;
      /** Set only when the token says it was verified. */ email: string | null;
    };

export type { Role };

export const PUBLIC_CALLER: Caller = { role: 'PUBLIC' };

/** The name an audit trail or a history records for the caller. */
export function actorOf(caller: Caller): string {
  return caller.role === 'PUBLIC' ? 'public' : caller.sub;
}

export function isAdmin(caller: Caller): boolean {
  return caller.role === 'ADMIN';
}

/**
 * Tokens live in sessionStorage: gone when the tab closes, and never shared
 * with other tabs or kept on disk as localStorage would be.
 */
export interface StoredToken {
  token: string;
  /** ISO date-time after which the token is no longer accepted. */
  expiresAt: string | null;
}

export type SessionKind = 'subject' | 'admin';

const KEYS: Record<SessionKind, string> = {
  subject: 'privacy-ops.subject-token',
  admin: 'privacy-ops.admin-token',
};

export function storedToken(kind: SessionKind): StoredToken | null {
  const raw = sessionStorage.getItem(KEYS[kind]);
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as StoredToken;
    if (stored.expiresAt && Date.parse(stored.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEYS[kind]);
      return null;
    }
    return stored;
  } catch {
    sessionStorage.removeItem(KEYS[kind]);
    return null;
  }
}

export function storeToken(kind: SessionKind, token: StoredToken): void {
  sessionStorage.setItem(KEYS[kind], JSON.stringify(token));
}

export function forgetToken(kind: SessionKind): void {
  sessionStorage.removeItem(KEYS[kind]);
}

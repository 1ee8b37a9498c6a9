/**
 * Entities as the store holds them, for the tests that write items directly
 * (the stream's item kinds, a queue the API cannot age): every field set,
 * `overrides` for what the test is about.
 */
import type { SubjectRequest } from '../../domain/requests/types';

export function storedRequest(
  overrides: Partial<SubjectRequest> & Pick<SubjectRequest, 'id' | 'subjectId'>,
): SubjectRequest {
  const at = overrides.receivedAt ?? new Date().toISOString();
  return {
    type: 'ACCESS',
    status: 'OPEN',
    email: `${overrides.id}@example.org`,
    jurisdiction: 'GDPR',
    details: null,
    corrections: null,
    newEmail: null,
    purposeIds: null,
    receivedAt: at,
    channel: 'WEB',
    verifiedAt: at,
    dueAt: at,
    extensionReason: null,
    completedAt: null,
    rejectionReason: null,
    reviewNote: null,
    resultParts: null,
    verification: null,
    history: [],
    revision: 1,
    ...overrides,
  };
}

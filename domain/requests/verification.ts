/**
 * The codes mailed about a request, entered where the request was made: the
 * request's own, which proves its address and opens it, or, once open, the
 * one mailed to the new address a RECTIFICATION asks for.
 */
import type { Services } from '../services';
import { BOUNDS, requireIdentifier, requireLength } from '../validation';
import { proveNewEmail } from './fulfilment';
import { requireRequest, verifyIdentity } from './requests';
import type { SubjectRequest } from './types';

/** PUBLIC: whichever code the request waits for. */
export async function verifySubjectRequest(
  services: Services,
  requestId: string,
  code: string,
): Promise<SubjectRequest> {
  requireIdentifier(requestId, 'id');
  requireLength(code, 'code', BOUNDS.codeLength);
  const request = await requireRequest(services, requestId);
  return request.status === 'AWAITING_VERIFICATION' || !request.newEmail?.verification
    ? verifyIdentity(services, request, code)
    : proveNewEmail(services, request, code);
}

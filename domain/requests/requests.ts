import { randomUUID } from 'node:crypto';
import {
  currentRequestPut,
  expiringWith,
  getCurrentRequestId,
  getRequest,
  listRequests,
  readExport,
  replacedRequestDeletes,
  requestChange,
  requestInserts,
} from '../../store/requests';
import { findSubjectId } from '../../store/people';
import { transact, type TransactItem } from '../../store/transactions';
import { auditItem } from '../audit';
import { actorOf, type Caller } from '../caller';
import type {
  DataCategory,
  Jurisdiction,
  MailTopic,
  RequestChannel,
  RequestStatus,
  RequestType,
} from '../constants';
import { codeMatches, hashCode, newCode } from '../codes';
import { extendedDeadline, statutoryDeadline } from './deadlines';
import { mailDelivery } from '../deliveries';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, orConflict } from '../errors';
import type { MailText } from '../mail-text';
import { extendedMail, rejectedMail, verificationMail } from './mail-text';
import { connectionOf, pageRequest, readPage, type Connection, type PageArgs } from '../paging';
import { writeForPerson, type GuardedWrite } from '../people';
import { requirePurpose } from '../purposes';
import type { Services } from '../services';
import {
  BOUNDS,
  normaliseEmail,
  optionalText,
  requireEmail,
  requireIdentifier,
  requireIdentifiers,
  requireListLength,
  requireText,
} from '../validation';
import { ATTENDEE_FIELD_CATEGORY, type AttendeeField } from '../vocabulary';
import { MAIL_COUNT_TAKEN, mailCount, writeCountedMail } from '../mail-limit';
import { isGone, unverifiedExpiry, verificationMailId } from './expiry';
import { canMove } from './lifecycle';
import { receiptOf, receivedNote } from './receipt';
import { REQUEST_TYPE_RULES, typesThat } from './request-types';
import { newEmailCode, newEmailOf } from './new-email';
import type { Correction, SubjectRequest, Verification } from './types';

export const MAX_CODE_ATTEMPTS = 5;

/** The categories held as attendee fields, each with that field's bound. */
const CORRECTABLE = new Map<DataCategory, number>(
  (Object.keys(ATTENDEE_FIELD_CATEGORY) as AttendeeField[]).map((field) => [
    ATTENDEE_FIELD_CATEGORY[field],
    BOUNDS.attendeeLength[field],
  ]),
);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SubmitInput {
  type: RequestType;
  email: string;
  jurisdiction?: Jurisdiction | null;
  details?: string | null;
  corrections?: Correction[] | null;
  purposeIds?: string[] | null;
  identityVerified?: boolean | null;
  receivedAt?: Date | null;
  channel?: RequestChannel | null;
}

/** The mail about a request, to its address, once per request and topic. */
function requestMail(
  services: Services,
  request: SubjectRequest,
  topic: MailTopic,
  text: MailText,
  to = request.email,
): TransactItem {
  return mailDelivery(services, {
    id: `${topic}-${request.id}-${request.revision}`,
    subjectId: request.subjectId,
    to,
    topic,
    ...text,
  });
}

export function validCorrections(input: SubmitInput): Correction[] | null {
  if (!REQUEST_TYPE_RULES[input.type].carriesCorrections) {
    if (input.corrections?.length) {
      throw new BadInputError(
        `Only ${typesThat('carriesCorrections').join(' and ')} requests carry corrections`,
      );
    }
    return null;
  }
  const corrections = input.corrections ?? [];
  if (corrections.length === 0)
    throw new BadInputError(`A ${input.type} request names the corrected values`);
  requireListLength(corrections, 'corrections', BOUNDS.categoryList);
  const seen = new Set<string>();
  for (const correction of corrections) {
    const maxLength = CORRECTABLE.get(correction.category);
    if (maxLength === undefined) {
      throw new BadInputError(`${correction.category} is not held in a form that can be corrected`);
    }
    if (seen.has(correction.category))
      throw new BadInputError(`${correction.category} is corrected twice`);
    seen.add(correction.category);
    requireText(correction.value.trim(), `corrections.${correction.category}`, maxLength);
    if (correction.category === 'EMAIL') {
      requireEmail(correction.value.trim(), 'corrections.EMAIL');
      if (!EMAIL_PATTERN.test(correction.value.trim())) {
        throw new BadInputError('The corrected EMAIL is not an email address');
      }
    }
    if (correction.category === 'COUNTRY' && !/^[A-Z]{2}$/.test(correction.value.trim())) {
      throw new BadInputError('The corrected COUNTRY is an ISO 3166 alpha-2 code, e.g. DE');
    }
  }
  return corrections.map(({ category, value }) => ({
    category,
    value: category === 'EMAIL' ? normaliseEmail(value) : value.trim(),
  }));
}

async function validPurposeIds(services: Services, input: SubmitInput): Promise<string[] | null> {
  const ids = [...new Set(requireIdentifiers(input.purposeIds, 'purposeIds'))];
  if (ids.length === 0) return null;
  if (!REQUEST_TYPE_RULES[input.type].namesPurposes) {
    throw new BadInputError(
      `Only ${typesThat('namesPurposes').join(' and ')} requests name purposes`,
    );
  }
  for (const id of ids) await requirePurpose(services, id);
  return ids;
}

/**
 * PUBLIC, SUBJECT or ADMIN. A request from a person's own verified token, or
 * entered by an admin who checked the identity otherwise, is OPEN at once;
 * any other waits for the code mailed to the address, in a partition of its
 * own: no person is created for an address nobody has shown to be theirs. The
 * code's mail counts against the address's limit unless an admin asked.
 * While a request of the type from the address is open, a new one is
 * answered with it and changes nothing; an unverified one is replaced.
 */
export async function submitSubjectRequest(
  services: Services,
  caller: Caller,
  input: SubmitInput,
): Promise<SubjectRequest> {
  if (input.identityVerified && caller.role !== 'ADMIN') {
    throw new ForbiddenError('Only an administrator may declare an identity verified');
  }
  const now = services.now();
  const jurisdiction = input.jurisdiction ?? 'GDPR';
  const { receivedAt, channel } = receiptOf(caller, input, jurisdiction, now);
  const email = normaliseEmail(requireEmail(input.email, 'email'));
  const details = optionalText(input.details, 'details', BOUNDS.longTextLength);
  const verified =
    (caller.role === 'ADMIN' && input.identityVerified === true) ||
    (caller.role === 'SUBJECT' && caller.email !== null && normaliseEmail(caller.email) === email);
  const corrections = validCorrections(input);
  const newEmail = newEmailOf(email, corrections);
  const purposeIds = await validPurposeIds(services, input);
  if (newEmail && caller.role === 'ADMIN' && (await findSubjectId(services.db, newEmail.address))) {
    throw new ConflictError('The corrected EMAIL is the address of another person');
  }

  const current = await currentRequest(services, email, input.type);
  if (current.standing === 'OPEN') {
    return answerDuplicate(services, caller, current.request, {
      type: input.type,
      email,
      jurisdiction,
      channel,
      receivedAt,
      now,
    });
  }
  const id = randomUUID();
  const code = newCode();
  const status: RequestStatus = verified ? 'OPEN' : 'AWAITING_VERIFICATION';
  const requestOf = (subjectId: string): SubjectRequest => ({
    id,
    subjectId,
    type: input.type,
    status,
    email,
    jurisdiction,
    details,
    corrections,
    newEmail,
    purposeIds,
    receivedAt: receivedAt.toISOString(),
    channel,
    verifiedAt: verified ? now.toISOString() : null,
    dueAt: statutoryDeadline(jurisdiction, receivedAt, services.deadlines).toISOString(),
    extensionReason: null,
    completedAt: null,
    rejectionReason: null,
    reviewNote: null,
    resultParts: null,
    verification: verified
      ? null
      : {
          codeHash: hashCode(id, code),
          expiresAt: unverifiedExpiry(now, services.deadlines.unverifiedHours).toISOString(),
          failedAttempts: 0,
        },
    history: [
      {
        at: receivedAt.toISOString(),
        status,
        actor: actorOf(caller),
        note: receivedNote(channel, verified),
      },
    ],
    revision: 1,
  });
  const audit: TransactItem[] =
    caller.role === 'ADMIN'
      ? [
          auditItem(
            services,
            caller,
            {
              action: 'submitSubjectRequest',
              entity: 'SubjectRequest',
              entityId: id,
              details: { channel, receivedAt: receivedAt.toISOString() },
            },
            now,
          ),
        ]
      : [];
  const placed = (request: SubjectRequest): TransactItem[] => [
    ...requestInserts(services.db, request),
    currentRequestPut(services.db, request, current.id),
    ...(current.standing === 'UNVERIFIED'
      ? replacedRequestDeletes(services.db, current.request)
      : []),
  ];

  if (verified) {
    return writeForPerson(services, email, async (person) => {
      const opened = requestOf(person.id);
      const newAddress = newEmailCode(services, opened, now);
      const request = newAddress ? { ...opened, newEmail: newAddress.newEmail } : opened;
      const newAddressMail: GuardedWrite[] =
        newAddress && request.newEmail
          ? [
              ...(caller.role === 'ADMIN'
                ? []
                : [
                    {
                      item: await mailCount(services, request.newEmail.address),
                      conflict: MAIL_COUNT_TAKEN,
                    },
                  ]),
              { item: newAddress.mail },
            ]
          : [];
      return {
        writes: [
          ...placed(request).map((item) => ({ item, conflict: SUBMITTED_MEANWHILE })),
          ...newAddressMail,
          ...audit.map((item) => ({ item })),
        ],
        result: request,
      };
    });
  }
  const request = requestOf(randomUUID());
  const text = verificationMail(
    request,
    code,
    request.verification?.expiresAt ?? '',
    services.controller,
  );
  const writes = [
    ...placed(request),
    expiringWith(
      request,
      mailDelivery(services, {
        id: verificationMailId(id),
        subjectId: request.subjectId,
        to: email,
        topic: 'request.verification',
        ...text,
      }),
    ),
    ...audit,
  ];
  if (caller.role === 'ADMIN') {
    await orConflict(transact(services.db, writes), SUBMITTED_MEANWHILE);
    return request;
  }
  return writeCountedMail(services, email, async () => ({ writes, result: request }));
}

const SUBMITTED_MEANWHILE =
  'A request of this type from this address was submitted at the same moment; submit again';

/**
 * How the latest request of a type from an address stands towards a new one:
 * OPEN or EXTENDED, it answers the new one; unverified, the new one replaces
 * it; closed, gone or never made, it leaves the way free.
 */
type CurrentRequest =
  | { standing: 'OPEN'; id: string; request: SubjectRequest }
  | { standing: 'UNVERIFIED'; id: string; request: SubjectRequest }
  | { standing: 'FREE'; id: string | null };

const STANDING: Record<RequestStatus, CurrentRequest['standing']> = {
  AWAITING_VERIFICATION: 'UNVERIFIED',
  OPEN: 'OPEN',
  EXTENDED: 'OPEN',
  COMPLETED: 'FREE',
  REJECTED: 'FREE',
};

async function currentRequest(
  services: Services,
  email: string,
  type: RequestType,
): Promise<CurrentRequest> {
  const id = await getCurrentRequestId(services.db, email, type);
  const request = id === null ? null : await getRequest(services.db, id);
  if (id === null || request === null) return { standing: 'FREE', id };
  const standing = STANDING[request.status];
  return standing === 'FREE' ? { standing, id } : { standing, id, request };
}

/** What a duplicate submission stated, the only things a caller who may not read the request learns. */
interface Resubmission {
  type: RequestType;
  email: string;
  jurisdiction: Jurisdiction;
  channel: RequestChannel;
  receivedAt: Date;
  now: Date;
}

/**
 * The open request a new submission duplicates: whole to whoever may read it
 * (an admin, its person); to anyone else its id, status and deadline, with
 * what they sent themselves and nothing else of it. An admin's entry of a
 * request received again is audited, so that repeats can be shown (GDPR Art.
 * 12(5)); nothing else is written and nobody is mailed.
 */
async function answerDuplicate(
  services: Services,
  caller: Caller,
  existing: SubjectRequest,
  again: Resubmission,
): Promise<SubjectRequest> {
  if (caller.role === 'ADMIN') {
    await transact(services.db, [
      auditItem(
        services,
        caller,
        {
          action: 'submitSubjectRequest',
          entity: 'SubjectRequest',
          entityId: existing.id,
          details: {
            duplicate: true,
            channel: again.channel,
            receivedAt: again.receivedAt.toISOString(),
          },
        },
        again.now,
      ),
    ]);
  }
  if (mayRead(caller, existing)) return existing;
  return {
    id: existing.id,
    status: existing.status,
    dueAt: existing.dueAt,
    subjectId: '',
    type: again.type,
    email: again.email,
    jurisdiction: again.jurisdiction,
    channel: again.channel,
    receivedAt: again.receivedAt.toISOString(),
    details: null,
    corrections: null,
    newEmail: null,
    purposeIds: null,
    verifiedAt: null,
    extensionReason: null,
    completedAt: null,
    rejectionReason: null,
    reviewNote: null,
    resultParts: null,
    verification: null,
    history: [],
    revision: 0,
  };
}

/** An admin, or the person whose request it is (by their verified address). */
function mayRead(caller: Caller, request: SubjectRequest): boolean {
  if (caller.role === 'ADMIN') return true;
  return (
    caller.role === 'SUBJECT' &&
    caller.email !== null &&
    normaliseEmail(caller.email) === request.email
  );
}

/** The request, unless there is none or it counts as gone (unverified past its code's expiry). */
async function findRequest(services: Services, requestId: string): Promise<SubjectRequest | null> {
  const request = await getRequest(services.db, requestId);
  return request && !isGone(request, services.now()) ? request : null;
}

export async function requireRequest(
  services: Services,
  requestId: string,
): Promise<SubjectRequest> {
  const request = await findRequest(services, requestId);
  if (!request) throw new NotFoundError(`No request "${requestId}"`);
  return request;
}

/** Writes the request's next state with what it causes; a concurrent change wins and this is CONFLICT. */
export async function saveRequest(
  services: Services,
  previous: SubjectRequest,
  next: SubjectRequest,
  alsoWrite: TransactItem[],
): Promise<void> {
  await orConflict(
    transact(services.db, [...requestChange(services.db, previous, next), ...alsoWrite]),
    'The request changed meanwhile; read it again',
  );
}

/** The next revision of a request, with its status change in the history. */
export function advance(
  request: SubjectRequest,
  changes: Partial<SubjectRequest>,
  entry: { at: Date; actor: string; note?: string | null },
): SubjectRequest {
  const status = changes.status ?? request.status;
  return {
    ...request,
    ...changes,
    history: [
      ...request.history,
      { at: entry.at.toISOString(), status, actor: entry.actor, note: entry.note ?? null },
    ],
    revision: request.revision + 1,
  };
}

/**
 * An admin's decision on a request: its next state, the mail that tells the
 * person and the audit entry, with whatever else it causes, in one transaction.
 */
export async function saveDecision(
  services: Services,
  caller: Caller,
  previous: SubjectRequest,
  next: SubjectRequest,
  decision: {
    action: string;
    topic: MailTopic;
    mail: MailText;
    to?: string;
    details?: Record<string, unknown>;
  },
  alsoWrite: TransactItem[] = [],
): Promise<void> {
  await saveRequest(services, previous, next, [
    ...alsoWrite,
    requestMail(services, next, decision.topic, decision.mail, decision.to),
    auditItem(
      services,
      caller,
      {
        action: decision.action,
        entity: 'SubjectRequest',
        entityId: next.id,
        details: decision.details,
      },
      services.now(),
    ),
  ]);
}

/**
 * The code entered is the one `verification` holds, salted with `salt`;
 * else the wrong try is counted (in the request `counted` gives back) and the
 * caller told how many are left. Too many lock the code.
 */
export async function requireCode(
  services: Services,
  request: SubjectRequest,
  check: { verification: Verification; salt: string; code: string },
  counted: (verification: Verification) => Partial<SubjectRequest>,
): Promise<void> {
  const { verification } = check;
  if (verification.failedAttempts >= MAX_CODE_ATTEMPTS) {
    throw new ConflictError('Too many wrong codes: the code is locked. Submit the request again.');
  }
  if (codeMatches(check.salt, check.code, verification.codeHash)) return;
  const failedAttempts = verification.failedAttempts + 1;
  await saveRequest(
    services,
    request,
    {
      ...request,
      ...counted({ ...verification, failedAttempts }),
      revision: request.revision + 1,
    },
    [],
  );
  const left = MAX_CODE_ATTEMPTS - failedAttempts;
  throw new BadInputError(
    left > 0 ? `Wrong code: ${left} tries left` : 'Wrong code: the code is now locked',
  );
}

/**
 * PUBLIC: the code mailed to an unverified request's address. The right one
 * opens the request and moves it into the partition of the person with its
 * address, who is created now if there is none yet; a new address its
 * corrections ask for is sent its own code, counted against that address's
 * limit, in the same transaction.
 */
export async function verifyIdentity(
  services: Services,
  request: SubjectRequest,
  code: string,
): Promise<SubjectRequest> {
  const verification = request.verification;
  if (!canMove(request.status, 'OPEN') || !verification) {
    throw new ConflictError('This request is verified already, or closed');
  }
  await requireCode(services, request, { verification, salt: request.id, code }, (counted) => ({
    verification: counted,
  }));
  const now = services.now();
  return writeForPerson(services, request.email, async (person) => {
    const opened = advance(
      request,
      { subjectId: person.id, status: 'OPEN', verifiedAt: now.toISOString(), verification: null },
      { at: now, actor: 'public', note: 'Identity verified by the mailed code' },
    );
    const newAddress = newEmailCode(services, opened, now);
    const next = newAddress ? { ...opened, newEmail: newAddress.newEmail } : opened;
    return {
      writes: [
        ...requestChange(services.db, request, next).map((item) => ({
          item,
          conflict: 'The request changed meanwhile; read it again',
        })),
        ...(newAddress && next.newEmail
          ? [
              {
                item: await mailCount(services, next.newEmail.address),
                conflict: MAIL_COUNT_TAKEN,
              },
              { item: newAddress.mail },
            ]
          : []),
      ],
      result: next,
    };
  });
}

/** How the move to each status is said in a refusal. */
const BECOMING: Record<RequestStatus, string> = {
  AWAITING_VERIFICATION: 'sent back for verification',
  OPEN: 'opened',
  EXTENDED: 'extended',
  COMPLETED: 'completed',
  REJECTED: 'rejected',
};

/**
 * The request may move to `to` by the lifecycle's table, or the caller is
 * told why not: `refusals` words the reason for particular statuses.
 */
export function requireMove(
  request: SubjectRequest,
  to: RequestStatus,
  refusals: Partial<Record<RequestStatus, string>> = {},
): void {
  if (!canMove(request.status, to)) {
    throw new ConflictError(
      refusals[request.status] ?? `A request that is ${request.status} cannot be ${BECOMING[to]}`,
    );
  }
}

/** An admin's decision that gives its reason: the status it leads to, its changes and its mail. */
interface ReasonedDecision {
  to: RequestStatus;
  refusals: Partial<Record<RequestStatus, string>>;
  action: string;
  topic: MailTopic;
  /** The request's other changes; may refuse the decision by throwing. */
  changes: (
    request: SubjectRequest,
    context: { services: Services; now: Date; reason: string },
  ) => Partial<SubjectRequest>;
  mail: (next: SubjectRequest, controller: Services['controller']) => MailText;
}

/** ADMIN: the decision on a request, with the reason mailed to the person. */
function reasonedDecision(decision: ReasonedDecision) {
  return async (
    services: Services,
    caller: Caller,
    requestId: string,
    reason: string,
  ): Promise<SubjectRequest> => {
    requireIdentifier(requestId, 'id');
    requireText(reason, 'reason', BOUNDS.shortTextLength);
    const request = await requireRequest(services, requestId);
    requireMove(request, decision.to, decision.refusals);
    const now = services.now();
    const next = advance(
      request,
      { ...decision.changes(request, { services, now, reason }), status: decision.to },
      { at: now, actor: actorOf(caller), note: reason },
    );
    await saveDecision(services, caller, request, next, {
      action: decision.action,
      topic: decision.topic,
      mail: decision.mail(next, services.controller),
    });
    return next;
  };
}

/** ADMIN: once, within the first period. */
export const extendSubjectRequest = reasonedDecision({
  to: 'EXTENDED',
  refusals: {
    EXTENDED: 'A request can be extended once only',
  },
  action: 'extendSubjectRequest',
  topic: 'request.extended',
  changes: (request, { services, now, reason }) => {
    if (Date.parse(request.dueAt) < now.getTime()) {
      throw new ConflictError(
        'The deadline has passed: an extension must be given within the first period',
      );
    }
    const dueAt = extendedDeadline(
      request.jurisdiction,
      new Date(request.receivedAt),
      services.deadlines,
    );
    if (!dueAt) throw new ConflictError(`${request.jurisdiction} provides no extension`);
    return { dueAt: dueAt.toISOString(), extensionReason: reason };
  },
  mail: extendedMail,
});

/** ADMIN: with the right to complain told to the person. */
export const rejectSubjectRequest = reasonedDecision({
  to: 'REJECTED',
  refusals: {
    COMPLETED: 'The request is COMPLETED already',
    REJECTED: 'The request is REJECTED already',
  },
  action: 'rejectSubjectRequest',
  topic: 'request.rejected',
  changes: (_request, { reason }) => ({ rejectionReason: reason, verification: null }),
  mail: rejectedMail,
});

/** ADMIN, or the person whose request it is (by their verified address); anyone else learns nothing. */
export async function findRequestFor(
  services: Services,
  caller: Caller,
  requestId: string,
): Promise<SubjectRequest | null> {
  requireIdentifier(requestId, 'id');
  const request = await findRequest(services, requestId);
  return request && mayRead(caller, request) ? request : null;
}

export async function requestQueue(
  services: Services,
  args: PageArgs & { status?: RequestStatus | null; overdue?: boolean | null },
): Promise<Connection<SubjectRequest>> {
  const page = pageRequest(args);
  const result = await readPage(() =>
    listRequests(
      services.db,
      {
        status: args.status ?? undefined,
        overdue: args.overdue ?? undefined,
        now: services.now().toISOString(),
      },
      page,
    ),
  );
  return connectionOf(result.items, result.cursor);
}

/** The export of an ACCESS or PORTABILITY request, for ADMIN or the person. */
export async function resultOf(services: Services, request: SubjectRequest): Promise<unknown> {
  if (request.status !== 'COMPLETED' || !request.resultParts) return null;
  const json = await readExport(services.db, request.id);
  return json === null ? null : JSON.parse(json);
}

/**
 * Completing a request carries it out: the export, the corrections, the
 * erasure, the restriction or the withdrawals, across everything held about
 * the person, and tells the partners who received their data (GDPR Art. 19).
 */
import {
  directMarketingObjection,
  emailChange,
  erasePerson,
  findSubjectId,
  getPerson,
  listConsents,
  profilePut,
  readPerson,
  registrationUpdate,
  restriction,
  type PersonItems,
} from '../../store/people';
import { writeExport } from '../../store/requests';
import { transact, type TransactItem } from '../../store/transactions';
import { actorOf, type Caller } from '../caller';
import { receiptOf, withdrawGranted, withdrawalWrites } from '../consent';
import type { DataCategory, RequestType, WebhookTopic } from '../constants';
import { webhookDelivery } from '../deliveries';
import { BadInputError, ConflictError } from '../errors';
import { partnerView } from '../partners';
import { findPurpose } from '../purposes';
import { exportedSeparateConsents } from '../separate-consents';
import type { Services } from '../services';
import type { Attendee, Registration } from '../types';
import { BOUNDS, requireIdentifier, requireLength } from '../validation';
import { ATTENDEE_FIELD_CATEGORY, isMarketing, type AttendeeField } from '../vocabulary';
import { completedMail } from './mail-text';
import { REQUEST_TYPE_RULES } from './request-types';
import { isProvenUnapplied, newEmailSalt } from './new-email';
import {
  advance,
  requireCode,
  requireMove,
  requireRequest,
  saveDecision,
  saveRequest,
} from './requests';
import type { Correction, NewEmail, SubjectRequest } from './types';

/** Items a transaction may hold, with room for the request, the audit entry and a few deliveries. */
const CHUNK = 80;

async function inChunks(services: Services, items: TransactItem[]): Promise<void> {
  for (let start = 0; start < items.length; start += CHUNK) {
    await transact(services.db, items.slice(start, start + CHUNK));
  }
}

/** What carrying a request out changes beyond its status, for the completion's transaction. */
interface Fulfilment {
  changes?: Partial<SubjectRequest>;
  /** Written in the completion's own transaction. */
  alsoWrite: TransactItem[];
  /** The address the completion is mailed to, when it is no longer the request's. */
  mailTo?: string;
}

interface FulfilmentContext {
  services: Services;
  request: SubjectRequest;
  person: PersonItems;
  note: string | null;
  now: Date;
}

type Fulfil = (context: FulfilmentContext) => Promise<Fulfilment>;

/** How each type of request is carried out: a new type does not compile until it is here. */
const FULFIL: Record<RequestType, Fulfil> = {
  ACCESS: async ({ services, request, person }) => ({
    changes: {
      resultParts: await writeExport(
        services.db,
        request.id,
        JSON.stringify(await accessExport(services, request, person)),
      ),
    },
    alsoWrite: [],
  }),
  PORTABILITY: async ({ services, request, person }) => ({
    changes: {
      resultParts: await writeExport(
        services.db,
        request.id,
        JSON.stringify(
          portableExport(
            request,
            person,
            await exportedSeparateConsents(services, request.subjectId),
          ),
        ),
      ),
    },
    alsoWrite: [],
  }),
  RECTIFICATION: ({ services, request, person, now }) => rectify(services, request, person, now),
  ERASURE: async ({ services, request, person }) => {
    const alsoWrite = recipientWebhooks(services, request, person, 'subject.erasure', {});
    await erasePerson(services.db, person, request);
    services.loaders.person.clear(request.subjectId);
    return { alsoWrite };
  },
  RESTRICTION: async ({ services, request, person, now }) => ({
    alsoWrite: [
      ...(person.profile && !person.profile.restricted
        ? [restriction(services.db, person.profile.id, now.toISOString())]
        : []),
      ...recipientWebhooks(services, request, person, 'subject.restriction', {}),
    ],
  }),
  OBJECTION: (context) => objection(context),
  WITHDRAW_CONSENT: (context) => withdrawals(context),
  AUTOMATED_DECISION_REVIEW: async ({ note }) => ({
    changes: { reviewNote: note },
    alsoWrite: [],
  }),
};

/** ADMIN: carries the request out and tells the person. */
export async function completeSubjectRequest(
  services: Services,
  caller: Caller,
  requestId: string,
  note: string | null | undefined,
): Promise<SubjectRequest> {
  requireIdentifier(requestId, 'id');
  if (note) requireLength(note, 'note', BOUNDS.shortTextLength);
  const request = await requireRequest(services, requestId);
  requireMove(request, 'COMPLETED', {
    AWAITING_VERIFICATION: 'The person’s identity is not verified yet',
    COMPLETED: 'The request is COMPLETED already',
    REJECTED: 'The request is REJECTED already',
  });
  if (REQUEST_TYPE_RULES[request.type].completedWithNote && !note?.trim()) {
    throw new BadInputError('An automated decision review is completed with the reviewer’s note');
  }
  const now = services.now();
  const person = await readPerson(services.db, request.subjectId);
  const fulfilment = await FULFIL[request.type]({
    services,
    request,
    person,
    note: note ?? null,
    now,
  });
  const next = advance(
    request,
    { ...fulfilment.changes, status: 'COMPLETED', completedAt: now.toISOString() },
    { at: now, actor: actorOf(caller), note: note ?? null },
  );
  await saveDecision(
    services,
    caller,
    request,
    next,
    {
      action: 'completeSubjectRequest',
      topic: 'request.completed',
      mail: completedMail(next, services.controller, note ?? null),
      to: fulfilment.mailTo ?? request.email,
      details: { type: request.type },
    },
    fulfilment.alsoWrite,
  );
  return next;
}

/**
 * One webhook to every partner that received the person's data, once per
 * request (and `part`, for a request that tells them twice).
 */
function recipientWebhooks(
  services: Services,
  request: SubjectRequest,
  person: PersonItems,
  topic: WebhookTopic,
  data: Record<string, unknown>,
  part?: string,
): TransactItem[] {
  const partnerIds = [...new Set(person.sharing.map((record) => record.partnerId))];
  return partnerIds.map((partnerId) =>
    webhookDelivery(services, {
      id: [topic, request.id, partnerId, ...(part ? [part] : [])].join('-'),
      partnerId,
      topic,
      data: { email: request.email, requestId: request.id, ...data },
    }),
  );
}

async function accessExport(services: Services, request: SubjectRequest, person: PersonItems) {
  const events = await Promise.all(
    person.registrations.map((registration) => services.loaders.event.load(registration.eventId)),
  );
  const partners = await Promise.all(
    person.sharing.map((record) => services.loaders.partner.load(record.partnerId)),
  );
  const consents = await Promise.all(
    person.consents.map(async (consent) => ({
      purpose: await findPurpose(services, consent.purposeId),
      status: consent.status,
      noticeId: consent.noticeId,
      noticeVersion: consent.noticeVersion,
      method: consent.method,
      updatedAt: consent.updatedAt,
      history: person.consentHistory
        .filter((entry) => entry.purposeId === consent.purposeId)
        .sort((a, b) => a.at.localeCompare(b.at))
        .map(
          ({
            status,
            at,
            noticeId,
            noticeVersion,
            method,
            requestedStatus,
            confirmedDespiteSignal,
          }) => ({
            status,
            at,
            noticeId,
            noticeVersion,
            method,
            requestedStatus,
            confirmedDespiteSignal,
          }),
        ),
      receipt: await receiptOf(services, consent),
    })),
  );
  return {
    kind: 'ACCESS',
    requestId: request.id,
    generatedAt: services.now().toISOString(),
    controller: { name: services.controller.name, address: services.controller.address },
    subject: person.profile,
    registrations: person.registrations.map((registration, index) => ({
      ...registration,
      event: events[index] && {
        id: events[index].id,
        title: events[index].title,
        format: events[index].format,
        startsAt: events[index].startsAt,
        endsAt: events[index].endsAt,
        dataUses: events[index].dataUses,
        retentionDays: events[index].retentionDays,
      },
    })),
    consents,
    separateConsents: await exportedSeparateConsents(services, request.subjectId),
    sharingRecords: person.sharing.map((record, index) => {
      const partner = partners[index];
      return { ...record, recipient: partner ? partnerView(partner) : { id: record.partnerId } };
    }),
    requests: person.requests
      .filter((earlier) => earlier.id !== request.id)
      .map((earlier) => {
        const { verification, revision, ...shown } = earlier;
        return shown;
      }),
  };
}

/** What the person gave us, processed on consent or contract (GDPR Art. 20), machine-readable. */
function portableExport(
  request: SubjectRequest,
  person: PersonItems,
  separateConsents: Awaited<ReturnType<typeof exportedSeparateConsents>>,
) {
  return {
    kind: 'PORTABILITY',
    requestId: request.id,
    format: 'application/json',
    email: person.profile?.email ?? request.email,
    registrations: person.registrations
      .filter((registration) => registration.attendee)
      .map(({ eventId, attendee, registeredAt }) => ({ eventId, registeredAt, attendee })),
    consents: person.consents.map(({ purposeId, status, updatedAt, method }) => ({
      purposeId,
      status,
      updatedAt,
      method,
    })),
    separateConsents,
  };
}

const FIELD_OF: Partial<Record<DataCategory, AttendeeField>> = Object.fromEntries(
  Object.entries(ATTENDEE_FIELD_CATEGORY).map(([field, category]) => [category, field]),
);

/** The registrations that hold a corrected field, corrected. */
function correctedRegistrations(
  services: Services,
  person: PersonItems,
  corrections: Correction[],
): TransactItem[] {
  const corrected = (attendee: Attendee): Attendee => {
    const next = { ...attendee };
    for (const { category, value } of corrections) {
      const field = FIELD_OF[category];
      if (field && next[field]) next[field] = value;
    }
    return next;
  };
  return person.registrations
    .filter(
      (registration): registration is Registration & { attendee: Attendee } =>
        registration.attendee !== null,
    )
    .map((registration) =>
      registrationUpdate(
        services.db,
        { ...registration, attendee: corrected(registration.attendee) },
        registration.status,
      ),
    );
}

/** The person's address becomes the proven new one: its lookup and profile, in the caller's transaction. */
async function addressChange(
  services: Services,
  person: PersonItems,
  newEmail: NewEmail,
): Promise<TransactItem[]> {
  const profile = person.profile;
  if (!profile || profile.email === newEmail.address) return [];
  const holder = await findSubjectId(services.db, newEmail.address);
  if (holder !== null && holder !== profile.id) {
    throw new ConflictError('The new address is another person’s: it cannot become this one’s');
  }
  return [
    ...emailChange(services.db, profile.id, profile.email, newEmail.address),
    profilePut(services.db, { ...profile, email: newEmail.address }),
  ];
}

/**
 * Applies the corrections wherever the data is held: every registration that
 * holds the field, and the person's address once the new one is proven (till
 * then the EMAIL correction waits, and the completion answers to the old
 * address); the recipients are told what changed.
 */
async function rectify(
  services: Services,
  request: SubjectRequest,
  person: PersonItems,
  now: Date,
): Promise<Fulfilment> {
  const proven = isProvenUnapplied(request.newEmail) ? request.newEmail : null;
  const corrections = (request.corrections ?? []).filter(
    (correction) =>
      correction.category !== 'EMAIL' || proven !== null || correction.value === request.email,
  );
  const alsoWrite = proven ? await addressChange(services, person, proven) : [];
  await inChunks(services, correctedRegistrations(services, person, corrections));
  alsoWrite.push(
    ...recipientWebhooks(services, request, person, 'subject.rectification', { corrections }),
  );
  return {
    changes: proven ? { newEmail: { ...proven, appliedAt: now.toISOString() } } : {},
    alsoWrite,
    mailTo: proven?.address ?? request.email,
  };
}

/**
 * PUBLIC: the code mailed to the new address a RECTIFICATION asks for. Wrong
 * codes count as for a request's own code. The right one proves the address,
 * unless it is another person's; once the request is completed it also
 * applies it, with the registrations that hold it and the recipients told.
 */
export async function proveNewEmail(
  services: Services,
  request: SubjectRequest,
  code: string,
): Promise<SubjectRequest> {
  const newEmail = request.newEmail;
  const verification = newEmail?.verification;
  const now = services.now();
  if (!newEmail || !verification || newEmail.provenAt !== null || request.status === 'REJECTED') {
    throw new ConflictError('This request is verified already, or closed');
  }
  if (Date.parse(verification.expiresAt) <= now.getTime()) {
    throw new ConflictError(
      'The code for the new address has expired; submit the correction again',
    );
  }
  await requireCode(
    services,
    request,
    { verification, salt: newEmailSalt(request.id), code },
    (counted) => ({ newEmail: { ...newEmail, verification: counted } }),
  );
  const proven: NewEmail = { ...newEmail, verification: null, provenAt: now.toISOString() };
  const person = await readPerson(services.db, request.subjectId);
  const change = await addressChange(services, person, proven);
  if (request.status !== 'COMPLETED') {
    const next = advance(
      request,
      { newEmail: proven },
      { at: now, actor: 'public', note: 'New address proven by the code mailed to it' },
    );
    await saveRequest(services, request, next, []);
    return next;
  }
  const corrections = [{ category: 'EMAIL' as const, value: proven.address }];
  await inChunks(services, correctedRegistrations(services, person, corrections));
  const next = advance(
    request,
    { newEmail: { ...proven, appliedAt: now.toISOString() } },
    { at: now, actor: 'public', note: 'New address proven by the code mailed to it, and applied' },
  );
  await saveRequest(services, request, next, [
    ...change,
    ...recipientWebhooks(
      services,
      request,
      person,
      'subject.rectification',
      { corrections },
      'new-email',
    ),
  ]);
  services.loaders.person.clear(request.subjectId);
  return next;
}

/** OBJECTION and WITHDRAW_CONSENT: the named purposes' consents, or all, withdrawn by the request. */
async function withdrawals({
  services,
  request,
  person,
  now,
}: FulfilmentContext): Promise<Fulfilment> {
  if (!person.profile) return { alsoWrite: [] };
  const named = request.purposeIds?.length ? new Set(request.purposeIds) : null;
  const writes = await withdrawGranted(
    services,
    person.profile,
    (purpose) => !named || named.has(purpose.id),
    'SUBJECT_REQUEST',
    now,
  );
  return { alsoWrite: writes.map((write) => write.item) };
}

/** Whether an objection is to direct marketing: to every purpose, or naming a marketing one. */
async function coversDirectMarketing(
  services: Services,
  request: SubjectRequest,
): Promise<boolean> {
  if (!request.purposeIds?.length) return true;
  const named = await Promise.all(request.purposeIds.map((id) => findPurpose(services, id)));
  return named.some((purpose) => purpose !== null && isMarketing(purpose.dpvPurpose));
}

/**
 * OBJECTION: the named purposes' consents, or all, withdrawn by the request.
 * An objection to direct marketing (GDPR Art. 21(2)-(3)) withdraws every
 * marketing consent and marks the person, so that no new one is taken but
 * their own. The profile is read before the consents: a marketing consent
 * granted after that read fails the mark's condition, and nothing is written.
 */
async function objection(context: FulfilmentContext): Promise<Fulfilment> {
  const { services, request, now } = context;
  if (!(await coversDirectMarketing(services, request))) return withdrawals(context);
  const profile = await getPerson(services.db, request.subjectId);
  if (!profile) return { alsoWrite: [] };
  const named = request.purposeIds?.length ? new Set(request.purposeIds) : null;
  const consents = await listConsents(services.db, profile.id);
  const writes = await withdrawalWrites(
    services,
    profile,
    consents,
    (purpose) => isMarketing(purpose.dpvPurpose) || !named || named.has(purpose.id),
    'SUBJECT_REQUEST',
    now,
  );
  return {
    alsoWrite: [
      ...writes.map((write) => write.item),
      directMarketingObjection(services.db, profile, now.toISOString()),
    ],
  };
}

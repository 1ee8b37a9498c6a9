/**
 * Completing a request carries it out: the export, the corrections, the
 * erasure, the restriction or the withdrawals, across everything held about
 * the person, and tells the partners who received their data (GDPR Art. 19).
 */
import {
  emailChange,
  profilePut,
  readPerson,
  registrationUpdate,
  type AttendeeRecord,
  type PersonItems,
  type PersonRecord,
  type RegistrationRecord,
} from '../../store/people';
import { deleteItems } from '../../store/batch';
import { personKeys, requestKeys, PERSON_ITEM, type ItemKey } from '../../store/keys';
import { queryAll } from '../../store/pages';
import { writeExport } from '../../store/requests';
import { sharingDetach, type SharingRecordRecord } from '../../store/sharing';
import { transact, type TransactItem } from '../../store/transactions';
import { actorOf, type Caller } from '../caller';
import { receiptOf, withdrawGranted } from '../consent';
import { webhookDelivery } from '../deliveries';
import { BadInputError, ConflictError } from '../errors';
import { completedMail } from './mail-texts';
import { partnerView } from '../partners';
import { findPurpose } from '../purposes';
import { advance, requireRequest, saveDecision, type SubjectRequest } from './requests';
import type { Services } from '../services';
import { ATTENDEE_FIELD_CATEGORY, type AttendeeField } from '../vocabulary';

/** Items a transaction may hold, with room for the request, the audit entry and a few deliveries. */
const CHUNK = 80;

async function inChunks(services: Services, items: TransactItem[]): Promise<void> {
  for (let start = 0; start < items.length; start += CHUNK) {
    await transact(services.db, items.slice(start, start + CHUNK));
  }
}

/** ADMIN: carries the request out and tells the person. */
export async function completeSubjectRequest(
  services: Services,
  caller: Caller,
  requestId: string,
  note: string | null | undefined,
): Promise<SubjectRequest> {
  const request = await requireRequest(services, requestId);
  if (request.status !== 'OPEN' && request.status !== 'EXTENDED') {
    throw new ConflictError(
      request.status === 'AWAITING_VERIFICATION'
        ? 'The person’s identity is not verified yet'
        : `The request is ${request.status} already`,
    );
  }
  if (request.type === 'AUTOMATED_DECISION_REVIEW' && !note?.trim()) {
    throw new BadInputError('An automated decision review is completed with the reviewer’s note');
  }
  const now = services.now();
  const person = await readPerson(services.db, request.subjectId);
  const changes: Partial<SubjectRequest> = { status: 'COMPLETED', completedAt: now.toISOString() };
  const alsoWrite: TransactItem[] = [];
  let mailTo = request.email;

  switch (request.type) {
    case 'ACCESS':
    case 'PORTABILITY': {
      const document =
        request.type === 'ACCESS'
          ? await accessExport(services, request, person)
          : portableExport(request, person);
      changes.resultParts = await writeExport(services.db, request.id, JSON.stringify(document));
      break;
    }
    case 'RECTIFICATION':
      mailTo = await rectify(services, request, person, alsoWrite);
      break;
    case 'ERASURE':
      alsoWrite.push(...recipientWebhooks(services, request, person, 'subject.erasure', {}));
      await erase(services, request, person);
      break;
    case 'RESTRICTION':
      if (person.profile && !person.profile.restricted) {
        alsoWrite.push(
          profilePut(services.db, {
            ...person.profile,
            restricted: true,
            restrictedAt: now.toISOString(),
          }),
        );
      }
      alsoWrite.push(...recipientWebhooks(services, request, person, 'subject.restriction', {}));
      break;
    case 'OBJECTION':
    case 'WITHDRAW_CONSENT':
      alsoWrite.push(...(await withdrawals(services, request, person.profile, now)));
      break;
    case 'AUTOMATED_DECISION_REVIEW':
      changes.reviewNote = note ?? undefined;
      break;
  }

  const next = advance(request, changes, { at: now, actor: actorOf(caller), note: note ?? null });
  await saveDecision(
    services,
    caller,
    next,
    {
      action: 'completeSubjectRequest',
      topic: 'request.completed',
      mail: completedMail(next, services.controller, note ?? null),
      to: mailTo,
      details: { type: request.type },
    },
    alsoWrite,
  );
  return next;
}

function sharingOf(person: PersonItems): SharingRecordRecord[] {
  return person.sharing as unknown as SharingRecordRecord[];
}

/** One webhook to every partner that received the person's data, once per request. */
function recipientWebhooks(
  services: Services,
  request: SubjectRequest,
  person: PersonItems,
  topic: string,
  data: Record<string, unknown>,
): TransactItem[] {
  const partnerIds = [...new Set(sharingOf(person).map((record) => record.partnerId))];
  return partnerIds.map((partnerId) =>
    webhookDelivery(services, {
      id: `${topic}-${request.id}-${partnerId}`,
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
    sharingOf(person).map((record) => services.loaders.partner.load(record.partnerId)),
  );
  const consents = await Promise.all(
    person.consents.map(async (consent) => ({
      purpose: await findPurpose(services, consent.purposeId),
      status: consent.status,
      noticeId: consent.noticeId,
      noticeVersion: consent.noticeVersion,
      method: consent.method,
      updatedAt: consent.updatedAt,
      history: person.consentEvents
        .filter((event) => event.purposeId === consent.purposeId)
        .sort((a, b) => a.at.localeCompare(b.at))
        .map(({ status, at, noticeId, noticeVersion, method }) => ({
          status,
          at,
          noticeId,
          noticeVersion,
          method,
        })),
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
    sharingRecords: sharingOf(person).map((record, index) => {
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
function portableExport(request: SubjectRequest, person: PersonItems) {
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
  };
}

const FIELD_OF = Object.fromEntries(
  Object.entries(ATTENDEE_FIELD_CATEGORY).map(([field, category]) => [
    category,
    field as AttendeeField,
  ]),
);

/**
 * Applies the corrections wherever the data is held: every registration that
 * holds the field, and the person's address. Returns the address to answer to.
 */
async function rectify(
  services: Services,
  request: SubjectRequest,
  person: PersonItems,
  alsoWrite: TransactItem[],
): Promise<string> {
  const corrections = request.corrections ?? [];
  const corrected = (attendee: AttendeeRecord): AttendeeRecord => {
    const next = { ...attendee };
    for (const { category, value } of corrections) {
      const field = FIELD_OF[category];
      if (field && next[field]) next[field] = value;
    }
    return next;
  };
  const updates = person.registrations
    .filter(
      (registration): registration is RegistrationRecord & { attendee: AttendeeRecord } =>
        !!registration.attendee,
    )
    .map((registration) =>
      registrationUpdate(
        services.db,
        { ...registration, attendee: corrected(registration.attendee) },
        registration.status,
      ),
    );
  await inChunks(services, updates);

  const newEmail = corrections.find((correction) => correction.category === 'EMAIL')?.value;
  const profile = person.profile;
  if (newEmail && profile && newEmail !== profile.email) {
    alsoWrite.push(...emailChange(services.db, profile.id, profile.email, newEmail));
    alsoWrite.push(profilePut(services.db, { ...profile, email: newEmail }));
  }
  alsoWrite.push(
    ...recipientWebhooks(services, request, person, 'subject.rectification', { corrections }),
  );
  return newEmail ?? request.email;
}

/**
 * Erases everything held about the person but this request's own record.
 * Sharing records keep the fact of the disclosure without the person. Each
 * step can run again: a completion that died half-way is completed by the next.
 */
async function erase(
  services: Services,
  request: SubjectRequest,
  person: PersonItems,
): Promise<void> {
  const detach = sharingOf(person).flatMap((record) => sharingDetach(services.db, record));
  for (let start = 0; start < detach.length; start += 2) {
    await transact(services.db, detach.slice(start, start + 2));
  }
  const ownRequest = requestKeys.request(request.subjectId, request.id);
  const earlier = person.requests.filter((other) => other.id !== request.id);
  const exportParts = (
    await Promise.all(
      earlier.map((other) =>
        queryAll(services.db, { partition: requestKeys.exportPartition(other.id) }),
      ),
    )
  )
    .flat()
    .map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
  const doomed: ItemKey[] = [
    ...person.keys.filter(
      (key) => key.sk !== ownRequest.sk && !key.sk.startsWith(PERSON_ITEM.sharing),
    ),
    ...(person.profile ? [personKeys.email(person.profile.email)] : []),
    ...earlier.map((other) => requestKeys.lookup(other.id)),
    ...exportParts,
  ];
  await deleteItems(services.db, doomed);
  services.loaders.person.clear(request.subjectId);
}

/** OBJECTION and WITHDRAW_CONSENT: the named purposes' consents, or all, withdrawn by the request. */
async function withdrawals(
  services: Services,
  request: SubjectRequest,
  profile: PersonRecord | null,
  now: Date,
): Promise<TransactItem[]> {
  if (!profile) return [];
  const named = request.purposeIds?.length ? new Set(request.purposeIds) : null;
  const writes = await withdrawGranted(
    services,
    profile,
    (purpose) => !named || named.has(purpose.id),
    'SUBJECT_REQUEST',
    now,
  );
  return writes.map((write) => write.item);
}

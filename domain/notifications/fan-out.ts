/**
 * Change notifications: a material publication is told to every person who
 * consented under the notice or registered under it for an event not yet
 * ended, and to every partner with a webhook. The fan-out pages through the
 * notice's audience (those consents and registrations, store/keys.ts) in
 * bounded steps, each of which writes the next as an item the stream brings
 * back, so no invocation runs long; one chain of steps runs through each
 * audience shard, the chains side by side.
 *
 * A step item is the outbox record of its page of mail: the transaction that
 * wrote it (the publication's, or the step before's) caused that mail, and the
 * stream brings it here. So the step makes each mail's first try itself and
 * writes the delivery as it came out: SENT, or PENDING with its next try,
 * which the due job makes. Every delivery's id names the version and the
 * receiver; a step run again (and every later step of its chain) first reads
 * which deliveries exist and sends only the others, so that, as with the
 * outbox, only a run that died between sending and writing sends again.
 */
import { getVersion } from '../../store/notices';
import { mapConcurrently } from '../../lib/concurrency';
import { getDeliveries, writeDeliveries } from '../../store/deliveries';
import { notificationKeys } from '../../store/keys';
import {
  audiencePage,
  claimStep,
  fanOutStepPut,
  listNotifications,
  notificationPut,
  partnersCount,
  toldPut,
} from '../../store/notifications';
import { listPartners as readPartners } from '../../store/partners';
import { transactOnce, type TransactItem } from '../../store/transactions';
import { firstTry, pendingMail, webhookDelivery } from '../deliveries';
import { noticeChangeMail } from './mail-text';
import { getNotice, sectionChanges } from '../notices';
import type { MailTopic, WebhookTopic } from '../constants';
import type { Senders } from '../senders';
import type { Services } from '../services';
import type { FanOutStep, NoticeChangeNotification, StoredVersion } from '../types';
import { requireIdentifier } from '../validation';

/** The one topic of a material change, by mail to people and by webhook to partners. */
export const MATERIAL_CHANGE_TOPIC = 'notice.material_change' satisfies MailTopic & WebhookTopic;
/** Consents and registrations read per step: bounded, whatever the number of people. */
const TIES_PER_STEP = 500;
/** Mails of one step being sent at once. */
const MAILS_IN_FLIGHT = 25;
/** Partners' deliveries per transaction, with the count that goes with them. */
const DELIVERIES_PER_WRITE = 60;

export function isMaterialPublication(
  version: StoredVersion | null,
  before: StoredVersion | null,
): boolean {
  return (
    version?.state === 'PUBLISHED' && version.material === true && before?.state !== 'PUBLISHED'
  );
}

/**
 * Writes deliveries with the counts they add, in chunks; a chunk that meets a
 * delivery written before (a step run again) is written one by one, so that
 * only the new ones are written and counted.
 */
async function writeCounted(
  services: Services,
  deliveries: TransactItem[],
  count: (n: number) => TransactItem,
): Promise<void> {
  for (let start = 0; start < deliveries.length; start += DELIVERIES_PER_WRITE) {
    const chunk = deliveries.slice(start, start + DELIVERIES_PER_WRITE);
    if (await transactOnce(services.db, [...chunk, count(chunk.length)])) continue;
    for (const delivery of chunk) await transactOnce(services.db, [delivery, count(1)]);
  }
}

/** Handles a material publication: the notification, the partners' webhooks and each chain's first step. */
export async function startNotification(services: Services, version: StoredVersion): Promise<void> {
  // A notice's first version changes nothing anyone agreed to: there is nothing to tell.
  const notice = await getNotice(services, version.noticeId);
  if (!notice || notice.publications[0]?.number === version.number) return;
  const notification: NoticeChangeNotification = {
    noticeId: version.noticeId,
    version: version.number,
    createdAt: services.now().toISOString(),
    effectiveAt: version.effectiveAt ?? services.now().toISOString(),
    changeSummary: version.changeSummary,
    subjectsNotified: 0,
    partnersNotified: 0,
  };
  // Started already when this writes nothing: a repeated stream record. The
  // partners below are still written idempotently, in case the first run died before them.
  await transactOnce(services.db, [
    notificationPut(services.db, notification),
    ...Array.from({ length: notificationKeys.shards }, (_, shard) =>
      fanOutStepPut(services.db, {
        noticeId: version.noticeId,
        version: version.number,
        shard,
        step: 0,
        cursor: null,
        told: 0,
        checkWritten: false,
      }),
    ),
  ]);
  const partners = (await readPartners(services.db)).filter((partner) => partner.webhookUrl);
  const data = {
    noticeId: version.noticeId,
    version: version.number,
    effectiveAt: notification.effectiveAt,
    changeSummary: notification.changeSummary,
  };
  await writeCounted(
    services,
    partners.map((partner) =>
      webhookDelivery(services, {
        id: `${MATERIAL_CHANGE_TOPIC}-${version.noticeId}-${version.number}-${partner.id}`,
        partnerId: partner.id,
        topic: MATERIAL_CHANGE_TOPIC,
        data,
      }),
    ),
    (n) => partnersCount(services.db, version.noticeId, version.number, n),
  );
  services.telemetry.count('PartnersTold', partners.length);
}

/**
 * One step: a page of its shard's audience, a mail to each person in it who is
 * still tied to the notice, then the count of the people told and the next
 * step, together, so that a step run again counts nobody twice.
 */
export async function fanOutStep(
  services: Services,
  senders: Senders,
  step: FanOutStep,
): Promise<void> {
  const [notice, version] = await Promise.all([
    getNotice(services, step.noticeId),
    getVersion(services.db, step.noticeId, step.version),
  ]);
  if (!notice || !version) return;
  const checkWritten =
    step.checkWritten || !(await claimStep(services.db, step, services.now().toISOString()));
  const page = await audiencePage(
    services.db,
    step.noticeId,
    step.shard,
    step.cursor,
    TIES_PER_STEP,
  );
  const changes = await sectionChanges(services, {
    ...version,
    status: 'PUBLISHED',
    original: null,
  });
  const headings = new Map(version.sections.map((section) => [section.key, section.heading]));
  const text = noticeChangeMail(
    {
      title: notice.title,
      version: version.number,
      effectiveAt: version.effectiveAt ?? '',
      changeSummary: version.changeSummary,
      changes: changes.map((change) => ({
        heading: headings.get(change.key) ?? change.key,
        kind: change.kind,
      })),
    },
    services.controller,
  );

  // A consent ties a person for as long as it is granted; a registration, until its event ends.
  const now = services.now().getTime();
  const eventIds = [...new Set(page.ties.flatMap((tie) => (tie.eventId ? [tie.eventId] : [])))];
  const events = await services.loaders.event.loadMany(eventIds);
  const running = new Set(
    events.flatMap((event) =>
      event && !(event instanceof Error) && Date.parse(event.endsAt) > now ? [event.id] : [],
    ),
  );
  const tiedIds = [
    ...new Set(
      page.ties.flatMap((tie) =>
        tie.eventId === null || running.has(tie.eventId) ? [tie.subjectId] : [],
      ),
    ),
  ];
  const people = (await services.loaders.person.loadMany(tiedIds)).flatMap((person) =>
    person && !(person instanceof Error) ? [person] : [],
  );
  const mails = people.map((person) =>
    pendingMail(services, {
      id: `${MATERIAL_CHANGE_TOPIC}-${step.noticeId}-${step.version}-${person.id}`,
      subjectId: person.id,
      to: person.email,
      topic: MATERIAL_CHANGE_TOPIC,
      ...text,
    }),
  );
  const written = checkWritten ? await getDeliveries(services.db, mails) : [];
  const unsent = mails.filter((_, index) => !written[index]);
  const tried = await mapConcurrently(unsent, MAILS_IN_FLIGHT, (mail) =>
    firstTry(services, senders, mail),
  );
  await writeDeliveries(services.db, tried);
  services.telemetry.count('PeopleTold', tried.length);
  const told = step.told + people.length;
  await transactOnce(services.db, [
    toldPut(services.db, step, told),
    ...(page.cursor
      ? [
          fanOutStepPut(services.db, {
            ...step,
            step: step.step + 1,
            cursor: page.cursor,
            told,
            checkWritten,
          }),
        ]
      : []),
  ]);
}

export async function noticeChangeNotifications(
  services: Services,
  noticeId: string,
): Promise<NoticeChangeNotification[]> {
  return listNotifications(services.db, requireIdentifier(noticeId, 'noticeId'));
}

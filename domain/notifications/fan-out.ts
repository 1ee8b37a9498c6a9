/**
 * Change notifications: a material publication is told to every person who
 * consented under the notice or registered under it for an event not yet
 * ended, and to every partner with a webhook. The fan-out pages through people in bounded steps, each of
 * which writes the next as an item the stream brings back, so no invocation
 * runs long; one chain of steps runs through each people shard, the chains
 * side by side. Every delivery's id names the version and the receiver, and is
 * written under a condition: nobody is told twice, however often a step runs.
 */
import { getVersion } from '../../store/notices';
import {
  fanOutStepPut,
  listNotifications,
  notificationCount,
  notificationPut,
  peoplePage,
  PEOPLE_SHARDS,
  ties,
} from '../../store/notifications';
import { listPartners as readPartners } from '../../store/partners';
import { transactOnce, type TransactItem } from '../../store/transactions';
import { mailDelivery, webhookDelivery } from '../deliveries';
import { noticeChangeMail } from './mail-text';
import { getNotice, sectionChanges } from '../notices';
import type { MailTopic, WebhookTopic } from '../constants';
import type { Services } from '../services';
import type { FanOutStep, NoticeChangeNotification, StoredVersion } from '../types';

/** The one topic of a material change, by mail to people and by webhook to partners. */
export const MATERIAL_CHANGE_TOPIC = 'notice.material_change' satisfies MailTopic & WebhookTopic;
/** People read per step: bounded, whatever the number of people. */
export const PEOPLE_PER_STEP = 250;
/** Deliveries per transaction, with the count that goes with them. */
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
    ...Array.from({ length: PEOPLE_SHARDS }, (_, shard) =>
      fanOutStepPut(services.db, {
        noticeId: version.noticeId,
        version: version.number,
        shard,
        step: 0,
        cursor: null,
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
    (n) => notificationCount(services.db, version.noticeId, version.number, { partners: n }),
  );
  services.telemetry.count('PartnersTold', partners.length);
}

/** One step: a page of its shard's people, a mail to each who is tied to us, then the next step. */
export async function fanOutStep(services: Services, step: FanOutStep): Promise<void> {
  const [notice, version] = await Promise.all([
    getNotice(services, step.noticeId),
    getVersion(services.db, step.noticeId, step.version),
  ]);
  if (!notice || !version) return;
  const page = await peoplePage(services.db, step.shard, step.cursor, PEOPLE_PER_STEP);
  const now = services.now().getTime();
  const changes = await sectionChanges(services, { ...version, status: 'PUBLISHED' });
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

  const tied = await Promise.all(
    page.items.map(async (person) => {
      const { grantedConsents, registeredEventIds } = await ties(
        services.db,
        person.id,
        step.noticeId,
      );
      if (grantedConsents > 0) return person;
      const events = await Promise.all(
        registeredEventIds.map((id) => services.loaders.event.load(id)),
      );
      return events.some((event) => event && Date.parse(event.endsAt) > now) ? person : null;
    }),
  );
  await writeCounted(
    services,
    tied.flatMap((person) =>
      person
        ? [
            mailDelivery(services, {
              id: `${MATERIAL_CHANGE_TOPIC}-${step.noticeId}-${step.version}-${person.id}`,
              subjectId: person.id,
              to: person.email,
              topic: MATERIAL_CHANGE_TOPIC,
              ...text,
            }),
          ]
        : [],
    ),
    (n) => notificationCount(services.db, step.noticeId, step.version, { subjects: n }),
  );
  services.telemetry.count('PeopleTold', tied.filter(Boolean).length);
  if (!page.cursor) return;
  await transactOnce(services.db, [
    fanOutStepPut(services.db, { ...step, step: step.step + 1, cursor: page.cursor }),
  ]);
}

export async function noticeChangeNotifications(
  services: Services,
  noticeId: string,
): Promise<NoticeChangeNotification[]> {
  return listNotifications(services.db, noticeId);
}

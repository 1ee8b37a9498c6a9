/**
 * What the privacy centre's journeys start from, set up through the API as
 * an admin, a partner system or a registering person would.
 */
import { expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import type { PagesServer } from './support/server';

const DAY = 86_400_000;

/** An address no other test uses. */
export function uniqueEmail(name = 'person'): string {
  return `${name}-${randomUUID().slice(0, 8)}@example.org`;
}

/** The data of an answer that must have succeeded. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
export async function ok(answer: Promise<any>): Promise<any> {
  const { data, errors } = await answer;
  if (errors?.length || !data) throw new Error(`The operation failed: ${JSON.stringify(errors)}`);
  return data;
}

export async function asAdmin(
  server: PagesServer,
  query: string,
  variables: Record<string, unknown> = {},
) {
  return ok(server.gql(query, variables, await server.token({ role: 'admin' })));
}

/** The sample notice's version in effect. */
export async function noticeInEffect(server: PagesServer) {
  const data = await ok(server.gql(`{ notice(id: "website") { id current { number } } }`));
  return {
    noticeId: data.notice.id as string,
    noticeVersion: data.notice.current.number as number,
  };
}

/** A purpose that rests on consent and is not marketing, beside the sample's marketing purpose. */
export async function createConsentPurpose(server: PagesServer, name: string): Promise<string> {
  const id = `updates-${randomUUID().slice(0, 8)}`;
  await asAdmin(
    server,
    `mutation ($input: PurposeInput!) { upsertPurpose(input: $input) { id } }`,
    {
      input: {
        id,
        name,
        description: 'News about our research, a few times a year.',
        lawfulBasis: 'CONSENT',
        dataCategories: ['EMAIL'],
        dpvPurpose: 'dpv:CommunicationManagement',
      },
    },
  );
  return id;
}

/**
 * A co-sponsor that decides itself how to use what it receives (PIPL Art. 23),
 * in `country`: outside China, giving its data is a transfer abroad too.
 */
export async function createIndependentPartner(
  server: PagesServer,
  name: string,
  country = 'DE',
): Promise<string> {
  const id = `partner-${randomUUID().slice(0, 8)}`;
  await asAdmin(
    server,
    `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`,
    {
      input: {
        id,
        name,
        kind: 'COSPONSOR',
        country,
        role: 'INDEPENDENT_HANDLER',
        contact: `privacy@${id}.example`,
      },
    },
  );
  return id;
}

/**
 * An event tomorrow that collects name and email for the sample's registration
 * purpose, co-sponsored by the partners named.
 */
export async function createEvent(
  server: PagesServer,
  title: string,
  cosponsorIds: string[] = [],
): Promise<string> {
  const id = `event-${randomUUID().slice(0, 8)}`;
  await asAdmin(
    server,
    `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    {
      input: {
        id,
        title,
        format: 'IN_PERSON',
        startsAt: new Date(Date.now() + DAY).toISOString(),
        endsAt: new Date(Date.now() + 2 * DAY).toISOString(),
        dataUses: [
          { category: 'NAME', purposeId: 'event-registration' },
          { category: 'EMAIL', purposeId: 'event-registration' },
        ],
        retentionDays: 30,
        cosponsorIds,
      },
    },
  );
  return id;
}

const REGISTER = `mutation ($input: RegisterForEventInput!) { registerForEvent(input: $input) { id } }`;

/**
 * Registers the person for the event as the registration form would, giving
 * the consents named; `headers` are the browser's (e.g. Sec-GPC).
 */
export async function register(
  server: PagesServer,
  email: string,
  eventId: string,
  consentPurposeIds: string[],
  options: {
    headers?: Record<string, string>;
    notice?: { noticeId: string; noticeVersion: number };
    /** PIPL separate consents ticked, one per partner and scope. */
    separateConsents?: { partnerId: string; scope: 'PROVISION_TO_HANDLER' | 'CROSS_BORDER' }[];
  } = {},
): Promise<string> {
  const notice = options.notice ?? (await noticeInEffect(server));
  const response = await fetch(`${server.baseURL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({
      query: REGISTER,
      variables: {
        input: {
          eventId,
          attendee: { name: 'Ada Lovelace', email },
          ...notice,
          consentPurposeIds,
          separateConsents: options.separateConsents ?? [],
        },
      },
    }),
  });
  const data = await ok(response.json());
  return data.registerForEvent.id;
}

/**
 * A partner, and a record that it received the person's name and email. The
 * partner works on the lab's behalf in China (PIPL Art. 21), so the sharing
 * needs no separate consent.
 */
export async function recordSharing(server: PagesServer, email: string, partnerName: string) {
  const partnerId = `partner-${randomUUID().slice(0, 8)}`;
  await asAdmin(
    server,
    `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`,
    {
      input: {
        id: partnerId,
        name: partnerName,
        kind: 'COSPONSOR',
        country: 'CN',
        role: 'ENTRUSTED_PARTY',
      },
    },
  );
  await asAdmin(
    server,
    `mutation ($input: RecordSharingInput!) { recordSharing(input: $input) { id } }`,
    {
      input: {
        partnerId,
        subjectEmail: email,
        categories: ['NAME', 'EMAIL'],
        purpose: 'Badges and the attendee list of the joint workshop',
        situation: 'COSPONSORED_EVENT',
      },
    },
  );
}

/** The person's separate consents as the API holds them, by partner and scope ("partner/SCOPE"). */
export async function separateConsentsOf(server: PagesServer, email: string) {
  const data = await ok(
    server.gql(
      `{ me { separateConsents { partner { id } scope status } } }`,
      {},
      await server.token({ role: 'subject', email }),
    ),
  );
  const consents: { partner: { id: string }; scope: string; status: string }[] =
    data.me?.separateConsents ?? [];
  return new Map(
    consents.map((consent) => [`${consent.partner.id}/${consent.scope}`, consent.status]),
  );
}

/** The person's consents as the API holds them, by purpose id. */
export async function consentsOf(server: PagesServer, email: string) {
  const data = await ok(
    server.gql(
      `{ me { consents { purpose { id } status method noticeVersion history { requestedStatus confirmedDespiteSignal } } } }`,
      {},
      await server.token({ role: 'subject', email }),
    ),
  );
  const consents: {
    purpose: { id: string };
    status: string;
    method: string;
    noticeVersion: number;
    history: { requestedStatus: string | null; confirmedDespiteSignal: boolean }[];
  }[] = data.me?.consents ?? [];
  return new Map(consents.map((consent) => [consent.purpose.id, consent]));
}

/**
 * Signs the person in as the sign-in page does: the email, then the code the
 * API mailed. Ends on My privacy.
 */
export async function signIn(page: Page, server: PagesServer, email: string) {
  await page.goto(`${server.baseURL}/#/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  const code = await server.codeMailedTo(email, 'subject.sign_in');
  await page.getByLabel('Code from the email').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My privacy' })).toBeVisible();
}

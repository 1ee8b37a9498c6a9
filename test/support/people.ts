import type { Gql } from './harness';

/** Admin set-up shared by the people-data tests: purposes, partners, a published notice. */
/** The first version of the notice is published as minor, so that it notifies nobody. */
export async function seedRegister(gql: Gql, admin: string) {
  const purposes = [
    {
      id: 'event-registration',
      name: 'Event registration',
      lawfulBasis: 'CONTRACT',
      dataCategories: ['NAME', 'EMAIL', 'COUNTRY', 'ORGANIZATION', 'ORGANIZATION_TYPE', 'INDUSTRY'],
      dpvPurpose: 'dpv:ServiceProvision',
    },
    {
      id: 'marketing',
      name: 'Newsletters',
      lawfulBasis: 'CONSENT',
      dataCategories: ['NAME', 'EMAIL'],
      dpvPurpose: 'dpv:Marketing',
    },
    {
      id: 'research-updates',
      name: 'Research updates',
      lawfulBasis: 'CONSENT',
      dataCategories: ['EMAIL'],
      dpvPurpose: 'dpv:CommunicationManagement',
    },
  ];
  for (const input of purposes) {
    const response = await gql(
      `mutation ($input: PurposeInput!) { upsertPurpose(input: $input) { id } }`,
      { input },
      admin,
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }
  for (const input of [
    {
      id: 'acme',
      name: 'Acme Events',
      kind: 'COSPONSOR',
      country: 'DE',
      webhookUrl: 'http://127.0.0.1:9/acme',
      webhookSecret: 'acme-secret-0123456789',
    },
    { id: 'globex', name: 'Globex', kind: 'SERVICE_PROVIDER', country: 'CN' },
  ]) {
    await gql(
      `mutation ($input: PartnerInput!) { upsertPartner(input: $input) { id } }`,
      { input },
      admin,
    );
  }
  await gql(
    `mutation { createNotice(input: { id: "site", title: "Site notice" }) { id } }`,
    {},
    admin,
  );
  await publish(gql, admin, false);
}

let published = 0;

/** Publishes the next version of the notice "site" now. */
export async function publish(gql: Gql, admin: string, material: boolean): Promise<number> {
  published += 1;
  const draft = await gql(
    `mutation ($input: SaveNoticeDraftInput!) { saveNoticeDraft(input: $input) { number } }`,
    {
      input: {
        noticeId: 'site',
        sections: [{ key: 'all', heading: 'Everything', body: `Revision ${published}` }],
      },
    },
    admin,
  );
  const number = draft.data?.saveNoticeDraft.number as number;
  await gql(
    `mutation ($input: PublishNoticeVersionInput!) { publishNoticeVersion(input: $input) { number } }`,
    { input: { noticeId: 'site', number, material } },
    admin,
  );
  return number;
}

export const CREATE_EVENT = `mutation ($input: CreateEventInput!) {
  createEvent(input: $input) { id title cosponsors { id name } dataUses { category purpose { id } } retentionDays }
}`;

export function eventInput(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: `Event ${id}`,
    format: 'IN_PERSON',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    cosponsorIds: ['acme'],
    dataUses: [
      { category: 'NAME', purposeId: 'event-registration' },
      { category: 'EMAIL', purposeId: 'event-registration' },
      { category: 'COUNTRY', purposeId: 'event-registration' },
      { category: 'ORGANIZATION_TYPE', purposeId: 'event-registration' },
    ],
    retentionDays: 30,
    ...overrides,
  };
}

export const REGISTER = `mutation ($input: RegisterForEventInput!) {
  registerForEvent(input: $input) { id status noticeVersion attendee { name email country organization } event { id } }
}`;

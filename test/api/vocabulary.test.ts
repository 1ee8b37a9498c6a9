/**
 * Every W3C DPV IRI the API emits is a term of DPV 2.3, as the vendored term
 * lists (../shared/vocab/dpv-2.3) have them: checked on the maps the API
 * draws its IRIs from, and from outside on everything it answers.
 */
import { CONSENT_RECORD_CONTEXT, consentRecordTerms } from '../../domain/consent-record';
import { DATA_CATEGORIES, LAWFUL_BASES } from '../../domain/constants';
import type { Purpose } from '../../domain/types';
import {
  CATEGORY_DPV,
  DEFAULT_DPV_PURPOSE,
  DPV,
  DPV_PURPOSES,
  LAWFUL_BASIS_DPV,
} from '../../domain/vocabulary';
import { putPurpose } from '../../store/purposes';
import { expandOffline, expectValidConsentRecord } from '../support/consent-records';
import { DPV_23_TERMS, dpvIrisIn, unknownDpvTerms } from '../support/dpv-terms';
import {
  adminToken,
  createEvent,
  createPartner,
  createPublishedNotice,
  createPurpose,
  dataOf,
  grantConsent,
  personToken,
  publishNextVersion,
  recordSharing,
  registerPerson,
  submitRequest,
  unique,
  uniqueEmail,
} from '../support/factories';
import { startTestServer, type TestServer } from '../support/harness';

describe('the vocabulary maps', () => {
  it('read the vendored DPV 2.3 lists, where the old spellings are no terms', () => {
    expect(DPV_23_TERMS.size).toBeGreaterThan(1500);
    expect(DPV_23_TERMS.has('https://w3id.org/dpv/pd#BrowsingBehaviour')).toBe(true);
    expect(DPV_23_TERMS.has('https://w3id.org/dpv/pd#BrowsingBehavior')).toBe(false);
    expect(DPV_23_TERMS.has('https://w3id.org/dpv#RightsFulfilment')).toBe(true);
    expect(DPV_23_TERMS.has('https://w3id.org/dpv#RightsFulfillment')).toBe(false);
  });

  it('name only DPV 2.3 terms: lawful bases, data categories, purposes, and what records use', () => {
    const iris = [
      ...Object.values(LAWFUL_BASIS_DPV).flat(),
      ...Object.values(CATEGORY_DPV),
      ...DPV_PURPOSES.map((name) => `${DPV}${name}`),
      DEFAULT_DPV_PURPOSE,
      ...consentRecordTerms(),
    ];
    expect(iris.filter((iri) => !DPV_23_TERMS.has(iri))).toEqual([]);
    expect(unknownDpvTerms(CONSENT_RECORD_CONTEXT)).toEqual([]);
    // The collector finds what it should: a misspelt term would not pass unnoticed.
    expect(unknownDpvTerms({ 'dpv:hasPurpose': 'pd:BrowsingBehavior' })).toEqual([
      'https://w3id.org/dpv/pd#BrowsingBehavior',
    ]);
  });
});

describe('everything the API answers', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await adminToken();
  });
  afterAll(() => server.close());

  const asAdmin = async (query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await server.gql(query, variables, admin));

  /** A purpose of every DPV purpose, every lawful basis, and one that covers every data category. */
  async function purposesOfEveryKind() {
    const perDpvPurpose = await Promise.all(
      DPV_PURPOSES.map((name, index) =>
        createPurpose(server, 'updates', {
          id: unique(name.toLowerCase()),
          name,
          dpvPurpose: `dpv:${name}`,
          lawfulBasis: LAWFUL_BASES[index % LAWFUL_BASES.length],
        }),
      ),
    );
    const everything = await createPurpose(server, 'marketing', {
      dataCategories: [...DATA_CATEGORIES],
      retentionDays: 365,
    });
    return { perDpvPurpose, everything };
  }

  it('has only DPV 2.3 terms in the register, purposes, events, receipts, records and exports', async () => {
    const notice = await createPublishedNotice(server);
    const { perDpvPurpose, everything } = await purposesOfEveryKind();
    const partner = await createPartner(server, { country: 'DE' });
    const event = await createEvent(server, everything.id, {
      cosponsorIds: [partner.id],
      dataUses: DATA_CATEGORIES.map((category) => ({ category, purposeId: everything.id })),
    });
    const consentPurposeIds = perDpvPurpose
      .filter((purpose) => purpose.lawfulBasis === 'CONSENT')
      .map((purpose) => purpose.id);
    const { email } = await registerPerson(
      server,
      { ...notice, eventId: event.id },
      { consentPurposeIds: [everything.id, ...consentPurposeIds] },
    );
    const material = await publishNextVersion(server, notice.noticeId, { material: true });
    await grantConsent(server, email, everything.id, { ...notice, noticeVersion: material });
    await recordSharing(server, partner.id, email);
    const access = await submitRequest(server, 'ACCESS', email);
    const exported = await asAdmin(
      `mutation ($id: ID!) { completeSubjectRequest(id: $id) { result } }`,
      { id: access.id },
    );

    const PURPOSE =
      'id name description lawfulBasis dataCategories retentionDays dpvPurpose marketing';
    const PARTNER = 'id name kind country';
    const answers = {
      register: await asAdmin(`{ processingRegister {
        controller { name address email phone url }
        activities { purpose { ${PURPOSE} } dpvPurpose lawfulBasis dpvLawfulBasis
          dataCategories { category dpv } dataSubjects events { id } recipients { ${PARTNER} } retentionDays }
        recipients { ${PARTNER} } thirdCountryTransfers securityMeasures generatedAt } }`),
      purposes: dataOf(await server.gql(`{ purposes { ${PURPOSE} } }`)),
      event: dataOf(
        await server.gql(
          `query ($id: ID!) { event(id: $id) { dataUses { category purpose { ${PURPOSE} } } } }`,
          { id: event.id },
        ),
      ),
      subject: await asAdmin(
        `query ($email: EmailAddress!) { subject(email: $email) {
          consents { purpose { ${PURPOSE} } status method receipt record history { status method noticeVersion } }
          sharingRecords { categories purpose situation partner { ${PARTNER} } } } }`,
        { email },
      ),
      me: dataOf(
        await server.gql(`{ me { consents { receipt record } } }`, {}, await personToken(email)),
      ),
      export: exported,
    };
    const records = answers.subject.subject.consents.map(
      (consent: { record: unknown }) => consent.record,
    );
    const expanded = await Promise.all(records.map(expectValidConsentRecord));
    expect(await expandOffline(answers.me.me.consents[0].record)).toEqual(expect.any(Object));

    expect(unknownDpvTerms(answers)).toEqual([]);
    expect(unknownDpvTerms(expanded)).toEqual([]);

    // Not vacuous: the renamed terms, every purpose and category, and the records' properties were seen.
    const seen = new Set([...dpvIrisIn(answers), ...dpvIrisIn(expanded)]);
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'https://w3id.org/dpv/pd#BrowsingBehaviour',
        'https://w3id.org/dpv#RightsFulfilment',
        ...DPV_PURPOSES.map((name) => `${DPV}${name}`),
        ...Object.values(CATEGORY_DPV),
        'https://w3id.org/dpv#hasConsentStatus',
        'https://w3id.org/dpv#RenewedConsentGiven',
      ]),
    );
  });

  it('answers a purpose stored or sent under a renamed term with its DPV 2.3 name', async () => {
    const sent = await createPurpose(server, 'registration', {
      dpvPurpose: 'dpv:RightsFulfillment',
    });
    const stored: Purpose = {
      id: unique('stored'),
      name: 'Answering rights requests',
      description: null,
      lawfulBasis: 'LEGAL_OBLIGATION',
      dataCategories: ['EMAIL'],
      retentionDays: null,
      dpvPurpose: 'https://w3id.org/dpv#RightsFulfillment',
      updatedAt: new Date().toISOString(),
    };
    await putPurpose(server.db, stored, []);
    const { purposes } = dataOf(await server.gql(`{ purposes { id dpvPurpose } }`));
    const byId = new Map(
      purposes.map((purpose: { id: string; dpvPurpose: string }) => [purpose.id, purpose]),
    );
    expect(byId.get(sent.id)).toEqual({
      id: sent.id,
      dpvPurpose: 'https://w3id.org/dpv#RightsFulfilment',
    });
    expect(byId.get(stored.id)).toEqual({
      id: stored.id,
      dpvPurpose: 'https://w3id.org/dpv#RightsFulfilment',
    });
  });

  it('reads a record’s compact IRIs through its own context', async () => {
    const [notice, purpose] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'updates'),
    ]);
    const email = uniqueEmail('context');
    await grantConsent(server, email, purpose.id, notice);
    const { me } = dataOf(
      await server.gql(`{ me { consents { record } } }`, {}, await personToken(email)),
    );
    const expanded = await expandOffline(me.consents[0].record);
    const iris = dpvIrisIn(expanded);
    expect([...iris]).toEqual(
      expect.arrayContaining([
        'https://w3id.org/dpv#hasPurpose',
        'https://w3id.org/dpv#CommunicationManagement',
        'https://w3id.org/dpv/pd#EmailAddress',
        'https://w3id.org/dpv/legal/eu/gdpr#A6-1-a',
        'https://w3id.org/dpv#ConsentGiven',
      ]),
    );
    expect(unknownDpvTerms(expanded)).toEqual([]);
  });
});

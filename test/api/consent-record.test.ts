/**
 * Consent.record: the ISO/IEC TS 27560 record of a person's consent, in
 * JSON-LD with DPV terms, as a regulator or the person would read it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildConsentRecord,
  controllerParty,
  recordEvents,
  recordIdFor,
} from '../../domain/consent-record';
import { DEFAULT_CONTROLLER } from '../../domain/controller';
import {
  createPublishedNotice,
  createPurpose,
  dataOf,
  personToken,
  publishNextVersion,
  uniqueEmail,
  type NoticeVersionRef,
} from '../support/factories';
import { startTestServer, type TestServer } from '../support/harness';
import {
  expandOffline,
  expectValidConsentRecord,
  OFFLINE_DOCUMENT_LOADER,
} from '../support/consent-records';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CONSENT_FIELDS = 'status receipt record';
const GRANT = `mutation ($input: ConsentInput!) { grantConsent(input: $input) { ${CONSENT_FIELDS} } }`;
const WITHDRAW = `mutation ($purposeId: ID!) { withdrawConsent(purposeId: $purposeId) { ${CONSENT_FIELDS} } }`;
const ME = `{ me { id consents { purpose { id } ${CONSENT_FIELDS} } } }`;

type JsonRecord = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- records are read loosely

async function grant(email: string, purposeId: string, notice: NoticeVersionRef, headers = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await personToken(email)}`,
      ...headers,
    },
    body: JSON.stringify({ query: GRANT, variables: { input: { purposeId, ...notice } } }),
  });
  const answer = (await response.json()) as { data?: JsonRecord };
  return dataOf({ status: response.status, ...answer }).grantConsent as JsonRecord;
}

async function withdraw(email: string, purposeId: string): Promise<JsonRecord> {
  return dataOf(await server.gql(WITHDRAW, { purposeId }, await personToken(email)))
    .withdrawConsent;
}

async function me(email: string): Promise<{ id: string; consents: JsonRecord[] }> {
  return dataOf(await server.gql(ME, {}, await personToken(email))).me;
}

function statesOf(record: JsonRecord): string[] {
  return record['dpv:hasStatus'].map((event: JsonRecord) => event['@type'][0]);
}

describe('Consent.record', () => {
  it('records a grant with the 27560 fields, the person only by their opaque id, as the receipt does', async () => {
    const [notice, purpose] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'marketing', { retentionDays: 400 }),
    ]);
    const email = uniqueEmail('record');
    const granted = await grant(email, purpose.id, notice);
    const record = granted.record as JsonRecord;
    await expectValidConsentRecord(record);

    const person = await me(email);
    expect(record['dpv:hasDataSubject']['dct:identifier']).toBe(person.id);
    expect(granted.receipt.piiPrincipalId).toBe(person.id);
    expect(JSON.stringify(record)).not.toContain(email);
    expect(JSON.stringify(granted.receipt)).not.toContain(email);

    expect(record['dct:conformsTo']).toBe('https://w3id.org/dpv/schema/dpv-27560#record');
    expect(record['dpv:hasConsentStatus']).toBe('dpv:ConsentGiven');
    expect(record['dpv:hasPurpose']).toEqual([
      { '@type': 'dpv:Purpose', 'skos:broader': 'dpv:Marketing', 'dct:description': 'Newsletters' },
    ]);
    expect(record['dpv:hasPersonalData']).toEqual(['pd:Name', 'pd:EmailAddress']);
    expect(record['dpv:hasNotice']).toMatchObject({
      'dct:identifier': notice.noticeId,
      'schema:version': notice.noticeVersion,
      'dct:language': 'en',
    });
    expect(record['dpv:hasNotice']['@id']).toBe(granted.receipt.policyUrl);
    expect(record['dpv:hasStorageCondition']).toEqual([
      {
        '@type': 'dpv:StorageLocation',
        'dpv:hasCountry': { '@type': 'dpv:Country', 'dct:identifier': 'CN' },
      },
      {
        '@type': 'dpv:StorageDuration',
        'dpv:hasDuration': { '@type': 'dpv:TemporalDuration', 'rdf:value': 'P400D' },
      },
    ]);
    expect(record['dpv:hasStatus']).toEqual([
      expect.objectContaining({
        '@type': ['dpv:ConsentGiven', 'dpv:ExplicitlyExpressedConsent'],
        'dpv:isIndicatedBy': `urn:uuid:${person.id}`,
      }),
    ]);
    // The person's list reads the same record.
    expect(person.consents[0]?.record).toEqual(record);
  });

  it('keeps one record id through withdrawal and a new grant, the events in order', async () => {
    const [notice, purpose] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'updates'),
    ]);
    const email = uniqueEmail('events');
    const first = (await grant(email, purpose.id, notice)).record as JsonRecord;
    const withdrawn = (await withdraw(email, purpose.id)).record as JsonRecord;
    await expectValidConsentRecord(withdrawn);
    expect(withdrawn['dpv:hasConsentStatus']).toBe('dpv:ConsentWithdrawn');
    expect(withdrawn['dct:identifier']).toBe(first['dct:identifier']);
    expect(statesOf(withdrawn)).toEqual(['dpv:ConsentGiven', 'dpv:ConsentWithdrawn']);

    const again = (await grant(email, purpose.id, notice)).record as JsonRecord;
    expect(again['dct:identifier']).toBe(first['dct:identifier']);
    // Given afresh after a withdrawal, not a reconfirmation.
    expect(statesOf(again)).toEqual([
      'dpv:ConsentGiven',
      'dpv:ConsentWithdrawn',
      'dpv:ConsentGiven',
    ]);
    expect(again['dpv:hasConsentStatus']).toBe('dpv:ConsentGiven');
  });

  it('names a grant that reconfirms after a material change RenewedConsentGiven', async () => {
    const [notice, purpose] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'updates'),
    ]);
    const email = uniqueEmail('renewed');
    await grant(email, purpose.id, notice);
    const material = await publishNextVersion(server, notice.noticeId, { material: true });
    const renewed = await grant(email, purpose.id, { ...notice, noticeVersion: material });
    const record = renewed.record as JsonRecord;
    await expectValidConsentRecord(record);
    expect(record['dpv:hasConsentStatus']).toBe('dpv:RenewedConsentGiven');
    expect(statesOf(record)).toEqual(['dpv:ConsentGiven', 'dpv:RenewedConsentGiven']);
    expect(record['dpv:hasNotice']['schema:version']).toBe(material);
    expect(record['dpv:hasStatus'].map((event: JsonRecord) => event['dpv:hasNotice'])).toEqual([
      { '@id': expect.stringContaining(`/versions/${notice.noticeVersion}`) },
      { '@id': expect.stringContaining(`/versions/${material}`) },
    ]);
  });

  it('is a plain grant again under a version that changed nothing material', async () => {
    const [notice, purpose] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'updates'),
    ]);
    const email = uniqueEmail('minor');
    await grant(email, purpose.id, notice);
    const minor = await publishNextVersion(server, notice.noticeId, { material: false });
    const record = (await grant(email, purpose.id, { ...notice, noticeVersion: minor }))
      .record as JsonRecord;
    expect(statesOf(record)).toEqual(['dpv:ConsentGiven', 'dpv:ConsentGiven']);
  });

  it('records a refusal of what was never given, by the person or by Global Privacy Control', async () => {
    const [notice, updates, marketing] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'updates'),
      createPurpose(server, 'marketing'),
    ]);
    const refused = (await withdraw(uniqueEmail('never'), updates.id)) as JsonRecord;
    await expectValidConsentRecord(refused.record);
    expect(refused.record['dpv:hasConsentStatus']).toBe('dpv:ConsentRefused');

    const signalled = await grant(uniqueEmail('gpc'), marketing.id, notice, { 'sec-gpc': '1' });
    await expectValidConsentRecord(signalled.record);
    expect(signalled.status).toBe('WITHDRAWN');
    expect(signalled.record['dpv:hasConsentStatus']).toBe('dpv:ConsentRefused');
    expect(signalled.record['dpv:hasStatus'][0]).toMatchObject({
      '@type': ['dpv:ConsentRefused', 'dpv:ExpressedConsent'],
      'dpv:hasIndicationMethod': expect.stringContaining('Global Privacy Control'),
    });
  });

  it('expands with a document loader that refuses every fetch, which a remote @context could not', async () => {
    const [notice, purpose] = await Promise.all([
      createPublishedNotice(server),
      createPurpose(server, 'updates'),
    ]);
    const { record } = await grant(uniqueEmail('offline'), purpose.id, notice);
    const expanded = await expandOffline(record);
    expect(expanded['http://purl.org/dc/terms/conformsTo']).toEqual([
      { '@id': 'https://w3id.org/dpv/schema/dpv-27560#record' },
    ]);
    const remote = { ...record, '@context': 'https://w3id.org/dpv/examples/context.jsonld' };
    await expect(OFFLINE_DOCUMENT_LOADER('https://example.org/')).rejects.toThrow();
    await expect(expandOffline(remote)).rejects.toThrow();
  });
});

describe('the record builder', () => {
  it('names third-party recipients with their PIPL role, as a separate consent’s record does', async () => {
    const noticeUrl = (noticeId: string, version: number) =>
      `https://privacy.example.org/notices/${noticeId}/versions/${version}`;
    const record = buildConsentRecord({
      recordId: recordIdFor('separate', 'person', 'partner', 'CROSS_BORDER'),
      principalId: '0b7c1e8e-2a55-4a8e-9d53-3f1c2f9e7a10',
      notice: { id: 'privacy', version: 2, language: 'zh-CN', url: noticeUrl('privacy', 2) },
      purposes: [{ dpvPurpose: 'https://w3id.org/dpv#ServiceProvision', text: 'Joint workshop' }],
      personalData: ['https://w3id.org/dpv/pd#Name', 'https://w3id.org/dpv/pd#EmailAddress'],
      legalBases: ['https://w3id.org/dpv#Consent'],
      controller: controllerParty(DEFAULT_CONTROLLER),
      recipients: [
        {
          id: 'berlin-lab',
          name: 'Berlin Lab',
          address: null,
          contacts: ['privacy@berlin-lab.example.org'],
          country: 'DE',
          role: 'INDEPENDENT_HANDLER',
        },
      ],
      jurisdictions: ['CN'],
      storageCountry: 'CN',
      retentionDays: 30,
      withdrawal: { url: DEFAULT_CONTROLLER.consentsUrl, description: 'One call' },
      givenUntil: 'Until withdrawn',
      events: recordEvents(
        [
          {
            at: '2026-01-05T10:00:00.000Z',
            status: 'GRANTED',
            method: 'EVENT_REGISTRATION',
            noticeId: 'privacy',
            noticeVersion: 2,
          },
        ],
        () => [],
        noticeUrl,
      ),
    });
    await expectValidConsentRecord(record);
    expect(record['dpv:hasRecipient']).toEqual([
      { '@id': '_:controller' },
      expect.objectContaining({
        '@type': ['dpv:Recipient', 'dpv:ThirdParty', 'dpv:DataController'],
        'dpv:hasName': 'Berlin Lab',
        'dpv:hasCountry': { '@type': 'dpv:Country', 'dct:identifier': 'DE' },
      }),
    ]);
  });

  it('gives the same record id for the same consent, another for another', () => {
    expect(recordIdFor('consent', 'a', 'b')).toBe(recordIdFor('consent', 'a', 'b'));
    expect(recordIdFor('consent', 'a', 'b')).not.toBe(recordIdFor('consent', 'a', 'c'));
    expect(recordIdFor('consent', 'a', 'b')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('documents a record that is valid: the example in docs/consent-records.md', async () => {
    const doc = readFileSync(join(__dirname, '../../docs/consent-records.md'), 'utf8');
    const example = /```json\n([\s\S]+?)\n```/.exec(doc)?.[1];
    await expectValidConsentRecord(JSON.parse(example ?? 'null'));
  });
});

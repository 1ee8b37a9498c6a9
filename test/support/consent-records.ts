/**
 * What every consent record a test meets must be: valid against the published
 * schema (docs/consent-record.schema.json), expandable as JSON-LD with no
 * network at all, and, once expanded, carrying the mandatory fields of
 * ISO/IEC TS 27560 under their DPV terms, every one a term of DPV 2.3.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import jsonld from 'jsonld';
import { unknownDpvTerms } from './dpv-terms';

const DPV = 'https://w3id.org/dpv#';
const DCT = 'http://purl.org/dc/terms/';
const PROFILE = 'https://w3id.org/dpv/schema/dpv-27560#record';

const schema: unknown = JSON.parse(
  readFileSync(join(__dirname, '../../docs/consent-record.schema.json'), 'utf8'),
);
// Not ajv's lints for a required list that narrows a $ref (the controller: a party with an
// address) or an open tuple (the controller's reference, then any third parties).
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictRequired: false,
  strictTuples: false,
});
addFormats(ajv);
const validate = ajv.compile(schema as object);

/** A JSON-LD node after expansion: every key a full IRI, every value an array. */
export type ExpandedNode = Record<string, unknown>;

/** Refuses every fetch: a record whose @context is (or names) a URL fails to expand. */
export const OFFLINE_DOCUMENT_LOADER = async (url: string): Promise<never> => {
  throw new Error(`The record asked to fetch ${url}`);
};

/** The record expanded with no network; the one top-level node. */
export async function expandOffline(record: unknown): Promise<ExpandedNode> {
  const expanded = await jsonld.expand(record as jsonld.JsonLdDocument, {
    documentLoader: OFFLINE_DOCUMENT_LOADER,
  });
  expect(expanded).toHaveLength(1);
  return expanded[0] as ExpandedNode;
}

function values(node: ExpandedNode, property: string): ExpandedNode[] {
  const found = node[property];
  return Array.isArray(found) ? (found as ExpandedNode[]) : [];
}

function one(node: ExpandedNode, property: string): ExpandedNode {
  const [first] = values(node, property);
  if (!first) throw new Error(`The expanded record has no ${property}`);
  return first;
}

function typesOf(node: ExpandedNode): string[] {
  return Array.isArray(node['@type']) ? (node['@type'] as string[]) : [];
}

/** The items of an expanded @list value. */
function listOf(node: ExpandedNode, property: string): ExpandedNode[] {
  const list = one(node, property)['@list'];
  return Array.isArray(list) ? (list as ExpandedNode[]) : [];
}

function expectParty(party: ExpandedNode) {
  expect(typesOf(party).length).toBeGreaterThan(0);
  for (const field of ['hasIdentifier', 'hasName', 'hasContact']) {
    expect(values(party, `${DPV}${field}`).length).toBeGreaterThan(0);
  }
}

/**
 * Fails unless the record is valid against the schema, expands offline and
 * carries 27560's mandatory fields; answers the expanded record.
 */
export async function expectValidConsentRecord(record: unknown): Promise<ExpandedNode> {
  const valid = validate(record);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);

  const expanded = await expandOffline(record);
  // Expansion drops a key that maps to no IRI: none may be lost.
  const keys = Object.keys(record as object).filter((key) => key !== '@context');
  expect(Object.keys(expanded)).toHaveLength(keys.length);
  expect(typesOf(expanded)).toContain(`${DPV}ConsentRecord`);
  // Header: schema version, record id, PII principal id.
  expect(one(expanded, `${DCT}conformsTo`)['@id']).toBe(PROFILE);
  expect(one(expanded, `${DCT}identifier`)['@value']).toEqual(expect.any(String));
  const subject = one(expanded, `${DPV}hasDataSubject`);
  expect(one(subject, `${DCT}identifier`)['@value']).toEqual(expect.any(String));
  // Processing.
  expect(values(one(expanded, `${DPV}hasNotice`), `${DCT}language`)).toHaveLength(1);
  expect(values(expanded, `${DCT}language`)).toHaveLength(1);
  expect(values(expanded, `${DPV}hasPurpose`).length).toBeGreaterThan(0);
  for (const data of values(expanded, `${DPV}hasPersonalData`)) {
    expect(data['@id']).toMatch(/^https:\/\/w3id\.org\/dpv\/pd#/);
  }
  expect(values(expanded, `${DPV}hasPersonalData`).length).toBeGreaterThan(0);
  const controller = one(expanded, `${DPV}hasDataController`);
  expectParty(controller);
  expect(values(controller, `${DPV}hasAddress`)).toHaveLength(1);
  const storage = values(expanded, `${DPV}hasStorageCondition`);
  expect(storage.flatMap(typesOf)).toEqual(
    expect.arrayContaining([`${DPV}StorageLocation`, `${DPV}StorageDuration`]),
  );
  expect(values(expanded, `${DPV}hasJurisdiction`).length).toBeGreaterThan(0);
  const recipients = values(expanded, `${DPV}hasRecipient`);
  expect(recipients.map((recipient) => recipient['@id'])).toContain(controller['@id']);
  recipients.filter((recipient) => recipient['@id'] !== controller['@id']).forEach(expectParty);
  const control = one(expanded, `${DPV}hasConsentControl`);
  expect(typesOf(control)).toContain(`${DPV}WithdrawConsent`);
  expect(values(control, `${DPV}isExercisedAt`)).toHaveLength(1);
  // Events: time, validity duration, who expressed it, event type, event state.
  expect(one(expanded, `${DPV}hasConsentStatus`)['@id']).toMatch(/^https:\/\/w3id\.org\/dpv#/);
  const events = listOf(expanded, `${DPV}hasStatus`);
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect(one(event, `${DPV}isIndicatedAtTime`)['@type']).toBe(
      'http://www.w3.org/2001/XMLSchema#dateTime',
    );
    expect(values(event, `${DPV}hasDuration`)).toHaveLength(1);
    expect(one(event, `${DPV}isIndicatedBy`)['@id']).toBe(subject['@id']);
    expect(typesOf(event)).toHaveLength(2);
  }
  // Every DPV term it uses, prefixed or expanded, is one of DPV 2.3.
  expect(unknownDpvTerms(record)).toEqual([]);
  expect(unknownDpvTerms(expanded)).toEqual([]);
  return expanded;
}

/**
 * Generated input for the fuzz test: hostile strings, and every operation's
 * arguments built from the schema's own types, mixing values shaped as a
 * real caller's (ids of things that exist, fresh ids, dates ahead) with
 * hostile ones (lone surrogates, key separators, bidi marks, markup, values
 * just past each bound, wrong types and shapes).
 */
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import type { Role } from '../../domain/caller';
import { BOUNDS } from '../../domain/validation';
import type { AttendeeField } from '../../domain/vocabulary';
import { ACCESS } from '../../resolvers/access';
import { typeDefs } from '../../schema/type-defs.generated';

const DAY = 86_400_000;

/** The attendee fields held as free text, each with its own bound: all but the address and the country code. */
export const FREE_TEXT_ATTENDEE_FIELDS = (
  Object.keys(BOUNDS.attendeeLength) as AttendeeField[]
).filter((field) => field !== 'email' && field !== 'country');

/** Strings that have broken APIs before: key separators, NUL, bidi marks, markup, odd Unicode. */
export const HOSTILE_SAMPLES = [
  '#',
  'a#b',
  'SUBJECT#x#PROFILE',
  'EMAIL#ada@example.org',
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  '\u200f\u200e\u2066\u2069',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE people; --",
  '${jndi:ldap://example.org/a}',
  '{{7*7}}',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
  '\ufeff',
  '\ufffe\uffff',
  '\u2028\u2029',
  '\r\n\r\n',
  ' ',
  '\t',
  '',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\ude00b',
  '\ud83d\ude00',
  '__proto__',
  'constructor',
  'null',
  '%00',
  '../../etc/passwd',
  '0',
  '-1',
];

/** Lengths around the bounds (domain/validation.ts), and far past them. */
const LENGTHS = [
  2, 16, 35, 36, 50, 51, 64, 65, 100, 101, 200, 201, 254, 255, 500, 501, 1_024, 1_025, 2_000, 2_001,
  2_048, 2_049, 20_000, 20_001, 100_000,
];

/** A string of one of LENGTHS code units, repeating a unit that may be one or two of them. */
const sizedText = fc
  .tuple(
    fc.constantFrom(...LENGTHS),
    fc.constantFrom('x', 'é', '😀', '#', '\u202e', ' ', 'a\u0000'),
  )
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate),
      maxLength: 20,
    }),
  },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SAMPLES) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_SAMPLES), { minLength: 2, maxLength: 6 })
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: sizedText },
);

/** The things that exist when fuzzing starts, by kind, for valid-shaped references. */
export interface KnownIds {
  notice: string[];
  event: string[];
  purpose: string[];
  /** Purposes that rest on consent. */
  consentPurpose: string[];
  partner: string[];
  registration: string[];
  request: string[];
  email: string[];
  /** Ids kept for one argument, e.g. requests only this decision may close: `Mutation.rejectSubjectRequest.id`. */
  forCoordinate: Record<string, string[]>;
}

/** Whom an operation is called as: one of the roles it allows. */
export type FuzzCaller =
  | { role: 'PUBLIC' | 'ADMIN' }
  | { role: 'PARTNER'; partnerId: string }
  | { role: 'SUBJECT'; email: string };

export interface FuzzCase {
  caller: FuzzCaller;
  variables: Record<string, unknown>;
}

/** One operation to fuzz: its GraphQL document and its generated calls. */
export interface FuzzOperation {
  /** `Mutation.createNotice`, `Query.notice`. */
  coordinate: string;
  document: string;
  cases: fc.Arbitrary<FuzzCase>;
}

const schema = buildSchema(typeDefs);

/** Every root field of `type` ('Query' or 'Mutation') in the project's schema. */
export function rootFieldNames(type: 'Query' | 'Mutation'): string[] {
  const root = type === 'Query' ? schema.getQueryType() : schema.getMutationType();
  return Object.keys(root?.getFields() ?? {});
}

const freshId = fc.uuid().map((uuid) => `f-${uuid.slice(0, 8)}`);
const freshEmail = fc.uuid().map((uuid) => `fuzz-${uuid.slice(0, 13)}@example.org`);

function weighted<T>(...choices: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  return fc.oneof(
    ...choices
      .filter(([weight]) => weight > 0)
      .map(([weight, arbitrary]) => ({ weight, arbitrary })),
  );
}

/**
 * How a generated call is meant: shaped as a real caller's (it may succeed),
 * well-typed but hostile in its values (it reaches the resolvers), or wrong
 * in its types and shapes (GraphQL's own coercion refuses it).
 */
type Mode = 'shaped' | 'hostile' | 'wrong';

/** A scalar's values: what a caller would send, hostile ones of the right type, and wrong types. */
interface ScalarValues {
  shaped: fc.Arbitrary<unknown>;
  hostile: fc.Arbitrary<unknown>;
  wrong: fc.Arbitrary<unknown>;
}

const notAString = fc.oneof(fc.boolean(), fc.double(), fc.constant({}), fc.constant([1]));

/** Ids a caller makes up: creating something is their valid use. */
const FRESH_IDS = new Set([
  'CreateNoticeInput.id',
  'CreateEventInput.id',
  'PurposeInput.id',
  'PartnerInput.id',
]);

/** Builds each operation's arguments from the schema, valid-shaped where `known` lets it. */
export class InputGenerator {
  constructor(
    private readonly known: KnownIds,
    private readonly now: number,
  ) {}

  operation(type: 'Query' | 'Mutation', name: string): FuzzOperation {
    const root = (
      type === 'Query' ? schema.getQueryType() : schema.getMutationType()
    ) as GraphQLObjectType;
    const field = root.getFields()[name];
    if (!field) throw new Error(`The schema has no ${type}.${name}`);
    const roles = ACCESS[type]?.[name] ?? [];
    const variables: [string, GraphQLArgument, string][] = field.args.map((arg) => [
      arg.name,
      arg,
      `${type}.${name}.${arg.name}`,
    ]);
    // One object read by its arguments; a list would read what is under each of its items.
    const single =
      type === 'Query' && field.args.length > 0 && !isListType(getNullableType(field.type));
    const selection = this.selection(field, roles, variables, single);
    const declared = variables.map(([variable, arg]) => `$${variable}: ${String(arg.type)}`);
    const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`);
    const document = `${type === 'Query' ? 'query' : 'mutation'} Fuzz${declared.length ? `(${declared.join(', ')})` : ''} { ${name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`;
    const values = (mode: Mode) =>
      fc.record(
        Object.fromEntries(
          variables.map(([variable, arg, coordinate]) => [
            variable,
            this.value(arg.type, coordinate, arg.name, mode),
          ]),
        ),
      );
    return {
      coordinate: `${type}.${name}`,
      document,
      cases: fc
        .tuple(
          this.caller(roles),
          weighted([4, values('shaped')], [5, values('hostile')], [1, values('wrong')]),
        )
        .map(([caller, variables]) => ({ caller, variables })),
    };
  }

  /**
   * The leaves of the answer. A query also reads the fields under it that
   * take arguments (a notice's versions, an event's registrations), with
   * those arguments fuzzed too; a mutation's answer stays lean.
   */
  private selection(
    field: GraphQLField<unknown, unknown>,
    roles: readonly Role[],
    variables: [string, GraphQLArgument, string][],
    withArguments: boolean,
  ): string {
    const type = getNamedType(field.type);
    if (!isObjectType(type)) return '';
    const parts: string[] = [];
    for (const child of Object.values(type.getFields())) {
      const allowed = ACCESS[type.name]?.[child.name];
      if (allowed && !roles.some((role) => allowed.includes(role))) continue;
      const childType = getNamedType(child.type);
      if (child.args.length === 0) {
        if (isLeafType(childType)) parts.push(child.name);
        continue;
      }
      if (!withArguments) continue;
      const args = child.args.map((arg) => {
        const variable = `${child.name}_${arg.name}`;
        variables.push([variable, arg, `${type.name}.${child.name}.${arg.name}`]);
        return `${arg.name}: $${variable}`;
      });
      parts.push(
        `${child.name}(${args.join(', ')})${isLeafType(childType) ? '' : ' { __typename }'}`,
      );
    }
    return ` { ${parts.join(' ') || '__typename'} }`;
  }

  private caller(roles: readonly Role[]): fc.Arbitrary<FuzzCaller> {
    const choices = roles.map((role): fc.Arbitrary<FuzzCaller> => {
      switch (role) {
        case 'PUBLIC':
        case 'ADMIN':
          return fc.constant({ role });
        case 'PARTNER':
          return fc.constantFrom(...this.known.partner).map((partnerId) => ({ role, partnerId }));
        case 'SUBJECT': {
          // A token's address has passed no scalar: it may be anything.
          const { shaped, hostile, wrong } = this.email();
          return weighted([4, shaped], [1, hostile], [1, wrong]).map((email) => ({ role, email }));
        }
      }
    });
    return choices.length ? fc.oneof(...choices) : fc.constant({ role: 'PUBLIC' as const });
  }

  private value(
    type: GraphQLInputType,
    coordinate: string,
    name: string,
    mode: Mode,
  ): fc.Arbitrary<unknown> {
    if (isNonNullType(type)) {
      const present = this.present(type.ofType, coordinate, name, mode);
      return mode === 'wrong' ? weighted([8, present], [1, fc.constant(null)]) : present;
    }
    // A real caller often leaves optional fields out.
    const present = this.present(type, coordinate, name, mode);
    return weighted(
      [mode === 'shaped' ? 3 : 10, present],
      [2, fc.constant(undefined)],
      [1, fc.constant(null)],
    );
  }

  private present(
    type: GraphQLInputType,
    coordinate: string,
    name: string,
    mode: Mode,
  ): fc.Arbitrary<unknown> {
    if (isListType(type)) {
      const item = this.value(type.ofType, coordinate, name, mode);
      return weighted(
        [12, fc.array(item, { minLength: mode === 'shaped' ? 1 : 0, maxLength: 4 })],
        [mode === 'shaped' ? 0 : 1, fc.array(item, { minLength: 101, maxLength: 120 })],
        // A single value where a list is expected is coerced to a list of one.
        [1, item],
        [mode === 'wrong' ? 2 : 0, fc.array(fc.array(item, { maxLength: 2 }), { maxLength: 2 })],
      );
    }
    if (isInputObjectType(type)) {
      const record = fc.record(
        Object.fromEntries(
          Object.values(type.getFields()).map((field) => [
            field.name,
            this.value(field.type, `${type.name}.${field.name}`, field.name, mode),
          ]),
        ),
      );
      if (mode !== 'wrong') return record;
      return weighted<unknown>(
        [4, record],
        [1, record.map((value) => ({ ...value, notInTheSchema: 'x' }))],
        [1, hostileText],
      );
    }
    if (isEnumType(type)) {
      const values = fc.constantFrom(...type.getValues().map((value) => value.name));
      if (mode !== 'wrong') return values;
      return weighted([1, values.map((value) => value.toLowerCase())], [1, hostileText]);
    }
    const scalar = this.scalar(type.name, coordinate, name);
    switch (mode) {
      case 'shaped':
        return weighted([20, scalar.shaped], [1, scalar.hostile]);
      case 'hostile':
        return weighted([1, scalar.shaped], [2, scalar.hostile]);
      case 'wrong':
        return weighted([1, scalar.shaped], [1, scalar.hostile], [1, scalar.wrong]);
    }
  }

  private scalar(scalar: string, coordinate: string, name: string): ScalarValues {
    switch (scalar) {
      case 'ID':
        return {
          shaped: this.id(coordinate, name),
          hostile: weighted<unknown>([6, hostileText], [1, fc.integer()]),
          wrong: notAString,
        };
      case 'String':
        return { shaped: this.string(name), hostile: hostileText, wrong: notAString };
      case 'Int':
        return this.int(name);
      case 'Boolean':
        return {
          shaped: fc.boolean(),
          hostile: fc.boolean(),
          wrong: fc.constantFrom('true', 1, 0, 'yes'),
        };
      case 'DateTime':
        return this.dateTime(name);
      case 'EmailAddress':
        return this.email();
      case 'CountryCode':
        return {
          shaped: fc.constantFrom('DE', 'GB', 'CN', 'US', 'FR'),
          hostile: fc.constantFrom('AQ', 'XK', 'ZZ'),
          wrong: fc.oneof(fc.constantFrom('XX', 'de', 'DEU', '', '#'), hostileText),
        };
      default:
        return {
          shaped: fc.jsonValue({ maxDepth: 2 }),
          hostile: fc.jsonValue({ maxDepth: 5 }),
          wrong: hostileText,
        };
    }
  }

  /** Ids the caller would send for this argument or field: fresh ones to create, else existing ones. */
  private id(coordinate: string, name: string): fc.Arbitrary<string> {
    const known = fc.constantFrom(...this.knownFor(coordinate, name));
    return FRESH_IDS.has(coordinate) ? weighted([1, known], [4, freshId]) : known;
  }

  private knownFor(coordinate: string, name: string): string[] {
    const { known } = this;
    const byCoordinate: Record<string, string[]> = {
      'Query.notice.id': known.notice,
      'Query.event.id': known.event,
      'Query.subjectRequest.id': known.request,
      'Mutation.cancelRegistration.id': known.registration,
      'Mutation.verifySubjectRequest.id': known.request,
      'Mutation.extendSubjectRequest.id': known.request,
      'Mutation.completeSubjectRequest.id': known.request,
      'Mutation.rejectSubjectRequest.id': known.request,
      'NoticeSectionInput.key': ['all', 'intro', 'contact'],
      'ConsentInput.purposeId': known.consentPurpose,
      'Mutation.withdrawConsent.purposeId': known.consentPurpose,
      'RegisterForEventInput.consentPurposeIds': known.consentPurpose,
    };
    const byName: Record<string, string[]> = {
      noticeId: known.notice,
      eventId: known.event,
      purposeId: known.purpose,
      purposeIds: known.purpose,
      consentPurposeIds: known.purpose,
      partnerId: known.partner,
      cosponsorIds: known.partner,
    };
    const everything = [
      ...known.notice,
      ...known.event,
      ...known.purpose,
      ...known.partner,
      ...known.registration,
      ...known.request,
    ];
    return (
      known.forCoordinate[coordinate] ?? byCoordinate[coordinate] ?? byName[name] ?? everything
    );
  }

  private string(name: string): fc.Arbitrary<string> {
    const shaped: Record<string, fc.Arbitrary<string>> = {
      language: fc.constantFrom('en', 'zh-CN', 'de', 'en-GB'),
      webhookUrl: fc.constantFrom('https://example.org/hooks', 'http://127.0.0.1:9/hook'),
      webhookSecret: fc.string({ unit: 'grapheme-ascii', minLength: 16, maxLength: 40 }),
      dpvPurpose: fc.constantFrom('dpv:Marketing', 'dpv:ServiceProvision', 'Marketing'),
      code: fc.integer({ min: 0, max: 999_999 }).map((code) => String(code).padStart(6, '0')),
      after: fc.json({ maxDepth: 2 }).map((json) => Buffer.from(json).toString('base64url')),
      entity: fc.constantFrom('Notice', 'Event', 'Purpose', 'Partner', 'SubjectRequest'),
      value: fc.constantFrom('Ada Lovelace', 'DE', 'ada@example.org', 'Analytical Engines Ltd'),
    };
    return shaped[name] ?? fc.lorem({ maxCount: 8 });
  }

  private int(name: string): ScalarValues {
    const shaped: Record<string, fc.Arbitrary<number>> = {
      noticeVersion: fc.constantFrom(1, 2),
      number: fc.constantFrom(1, 2, 3),
      retentionDays: fc.integer({ min: 0, max: 3_650 }),
      first: fc.integer({ min: 1, max: 100 }),
    };
    return {
      shaped: shaped[name] ?? fc.integer({ min: 0, max: 100 }),
      hostile: fc.oneof(
        fc.constantFrom(0, -1, 1, 100, 101, 3_651, 36_501, 2_147_483_647, -2_147_483_648),
        fc.integer(),
      ),
      // Past 32 bits, fractions and strings: GraphQL's Int refuses them.
      wrong: fc.constantFrom(2_147_483_648, -2_147_483_649, 2 ** 53, 1e21, 1.5, '1', '', true),
    };
  }

  private dateTime(name: string): ScalarValues {
    // In days from now: starts before ends; what was shared or is searched for lies behind.
    const days: Record<string, [number, number]> = {
      startsAt: [1, 200],
      endsAt: [201, 400],
      sharedAt: [-400, -1],
      since: [-400, -1],
    };
    const [min, max] = days[name] ?? [1, 400];
    return {
      shaped: fc.integer({ min, max }).map((day) => new Date(this.now + day * DAY).toISOString()),
      hostile: fc.constantFrom(
        '1970-01-01T00:00:00Z',
        '1969-12-31T23:59:59Z',
        '2999-12-31T23:59:59.999Z',
        '3000-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '0000-01-01T00:00:00Z',
        '2024-01-01T00:00:00+14:00',
        '2024-01-01t00:00:00z',
        '2024-01-01T00:00:00.123456789Z',
      ),
      wrong: fc.oneof(
        fc.constantFrom(
          '2024-02-30T00:00:00Z',
          '2024-13-01T00:00:00Z',
          '2024-01-01',
          'yesterday',
          '',
        ),
        hostileText,
        fc.integer(),
      ),
    };
  }

  private email(): {
    shaped: fc.Arbitrary<string>;
    hostile: fc.Arbitrary<string>;
    wrong: fc.Arbitrary<string>;
  } {
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`;
    return {
      shaped: weighted([1, fc.constantFrom(...this.known.email)], [2, freshEmail]),
      hostile: fc.constantFrom(
        long,
        `${long}x`,
        `${'a'.repeat(3_000)}@example.org`,
        'a#b@example.org',
        "o'brien+tag@example.org",
        'UPPER@Example.ORG',
        'ada@example',
      ),
      wrong: fc.oneof(
        fc.constantFrom('not-an-email', 'ä@example.org', ' padded@example.org ', '', 'a@b@c'),
        hostileText,
      ),
    };
  }
}

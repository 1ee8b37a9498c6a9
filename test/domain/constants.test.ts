import { buildSchema, GraphQLEnumType } from 'graphql';
import {
  CHANGE_KINDS,
  CONSENT_METHODS,
  CONSENT_STATUSES,
  DATA_CATEGORIES,
  DELIVERY_CHANNELS,
  DELIVERY_STATUSES,
  EVENT_FORMATS,
  HANDLER_ROLES,
  JURISDICTIONS,
  LAWFUL_BASES,
  NOTICE_VERSION_STATUSES,
  RECIPIENT_KINDS,
  REGISTRATION_STATUSES,
  REQUEST_CHANNELS,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  SEPARATE_CONSENT_SCOPES,
  SHARING_SITUATIONS,
} from '../../domain/constants';
import { typeDefs } from '../../resolvers';

const schema = buildSchema(typeDefs);

function enumValues(name: string): string[] {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum of the schema`);
  return type.getValues().map((value) => value.name);
}

describe('the closed sets of the domain', () => {
  it.each<[string, readonly string[]]>([
    ['RequestType', REQUEST_TYPES],
    ['RequestStatus', REQUEST_STATUSES],
    ['Jurisdiction', JURISDICTIONS],
    ['ConsentStatus', CONSENT_STATUSES],
    ['ConsentMethod', CONSENT_METHODS],
    ['RegistrationStatus', REGISTRATION_STATUSES],
    ['EventFormat', EVENT_FORMATS],
    ['RecipientKind', RECIPIENT_KINDS],
    ['SharingSituation', SHARING_SITUATIONS],
    ['LawfulBasis', LAWFUL_BASES],
    ['DataCategory', DATA_CATEGORIES],
    ['NoticeVersionStatus', NOTICE_VERSION_STATUSES],
    ['ChangeKind', CHANGE_KINDS],
    ['DeliveryChannel', DELIVERY_CHANNELS],
    ['DeliveryStatus', DELIVERY_STATUSES],
    ['RequestChannel', REQUEST_CHANNELS],
    ['HandlerRole', HANDLER_ROLES],
    ['SeparateConsentScope', SEPARATE_CONSENT_SCOPES],
  ])('hold exactly the values of the schema enum %s', (name, members) => {
    expect([...members].sort()).toEqual(enumValues(name).sort());
  });
});

import type { AttendeeInput, DataCategory, EventFormat, LawfulBasis } from '../gql/graphql';

export const CATEGORY_WORDS: Record<DataCategory, string> = {
  NAME: 'Name',
  EMAIL: 'Email address',
  COUNTRY: 'Country or region',
  ORGANIZATION: 'Organisation',
  JOB_TITLE: 'Job title',
  INDUSTRY: 'Industry or field of research',
  POSTAL_ADDRESS: 'Postal address',
  PHONE: 'Phone number',
  ORGANIZATION_TYPE: 'Type of organisation',
  PAYMENT: 'Payment details',
  USAGE_DATA: 'How you use our services',
  DEVICE_DATA: 'Your device',
};

/** The lawful basis in plain words, then its name in the law (GDPR Art. 6(1)). */
export const BASIS_WORDS: Record<LawfulBasis, string> = {
  CONSENT: 'only with your consent, which you may withdraw at any time',
  CONTRACT: 'needed to provide the event you sign up for (contract)',
  LEGAL_OBLIGATION: 'required of us by law (legal obligation)',
  VITAL_INTERESTS: "to protect someone's life (vital interests)",
  PUBLIC_TASK: 'for a task in the public interest (public task)',
  LEGITIMATE_INTERESTS:
    'in our legitimate interests, which you may object to (legitimate interests)',
};

export const FORMAT_WORDS: Record<EventFormat, string> = {
  IN_PERSON: 'In person',
  WEBINAR: 'Online (webinar)',
};

export type AttendeeField = keyof AttendeeInput;

export interface FieldSpec {
  category: DataCategory;
  label: string;
  input: 'text' | 'email' | 'tel' | 'country' | 'textarea';
  autocomplete: string;
  /** The API's bound (AttendeeInput). */
  maxLength: number;
  /** The API cannot register without it (AttendeeInput's non-null fields). */
  required: boolean;
}

/** Each attendee field, in the order the form asks for them; shown only when its category is declared. */
export const ATTENDEE_FIELDS: Record<AttendeeField, FieldSpec> = {
  name: {
    category: 'NAME',
    label: 'Full name',
    input: 'text',
    autocomplete: 'name',
    maxLength: 200,
    required: true,
  },
  email: {
    category: 'EMAIL',
    label: 'Email address',
    input: 'email',
    autocomplete: 'email',
    maxLength: 254,
    required: true,
  },
  country: {
    category: 'COUNTRY',
    label: 'Country or region',
    input: 'country',
    autocomplete: 'country',
    maxLength: 2,
    required: false,
  },
  organization: {
    category: 'ORGANIZATION',
    label: 'Organisation',
    input: 'text',
    autocomplete: 'organization',
    maxLength: 200,
    required: false,
  },
  jobTitle: {
    category: 'JOB_TITLE',
    label: 'Job title',
    input: 'text',
    autocomplete: 'organization-title',
    maxLength: 200,
    required: false,
  },
  industry: {
    category: 'INDUSTRY',
    label: 'Industry or field of research',
    input: 'text',
    autocomplete: 'off',
    maxLength: 200,
    required: false,
  },
  postalAddress: {
    category: 'POSTAL_ADDRESS',
    label: 'Postal address',
    input: 'textarea',
    autocomplete: 'street-address',
    maxLength: 500,
    required: false,
  },
  phone: {
    category: 'PHONE',
    label: 'Phone number',
    input: 'tel',
    autocomplete: 'tel',
    maxLength: 50,
    required: false,
  },
  organizationType: {
    category: 'ORGANIZATION_TYPE',
    label: 'Type of organisation',
    input: 'text',
    autocomplete: 'off',
    maxLength: 100,
    required: false,
  },
};

/** The codes the API's CountryCode (graphql-scalars) accepts: ISO 3166-1 alpha-2, and XK. */
const COUNTRY_CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'.split(
    ' ',
  );

let byName: { code: string; name: string }[] | null = null;

/** Every country by its English name, in alphabetical order, for a select; worked out once. */
export function countries(): { code: string; name: string }[] {
  if (!byName) {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    byName = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
      a.name.localeCompare(b.name, 'en'),
    );
  }
  return byName;
}

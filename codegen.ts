import type { CodegenConfig } from '@graphql-codegen/cli';

// Generates the resolver types and the schema as one text module, so the
// Lambda bundle, the local server and the tests all serve the same SDL; and
// for the web pages, typed operations as plain strings (no GraphQL runtime in
// the browser).
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  ignoreNoDocuments: true,
  generates: {
    'web/gql/': {
      documents: ['web/**/*.{ts,tsx}', '!web/gql/**', '!web/build.ts'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: {
          DateTime: 'string',
          EmailAddress: 'string',
          CountryCode: 'string',
          JSON: 'unknown',
        },
      },
    },
    'schema/type-defs.generated.ts': { plugins: ['./scripts/type-defs-plugin.cjs'] },
    'resolvers/types.generated.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: './context#RequestContext',
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
        mapperTypeSuffix: 'Model',
        inputMaybeValue: 'T | null | undefined',
        scalars: {
          DateTime: { input: 'Date', output: 'Date | string' },
          EmailAddress: 'string',
          CountryCode: 'string',
          JSON: 'unknown',
        },
        mappers: {
          Notice: '../domain/types#Notice',
          NoticeVersion: '../domain/types#NoticeVersion',
          NoticeChangeNotification: '../domain/types#NoticeChangeNotification',
          AuditEntry: '../domain/types#AuditEntry',
          Purpose: '../domain/types#Purpose',
          Partner: '../domain/partners#PartnerView',
          Event: '../domain/types#Event',
          DataUse: '../domain/types#DataUse',
          EventAttendance: '../domain/types#Attendance',
          Registration: '../domain/types#Registration',
          Attendee: '../domain/types#Attendee',
          Consent: '../domain/consent#ConsentView',
          ConsentEvent: '../domain/types#ConsentEventRecord',
          SeparateConsent: '../domain/separate-consents#SeparateConsentView',
          SeparateConsentDisclosure: '../domain/types#Disclosure',
          ImpactAssessment: '../domain/types#ImpactAssessment',
          Subject: '../domain/people#Subject',
          SubjectRequest: '../domain/requests/types#SubjectRequest',
          RequestEvent: '../domain/requests/types#RequestHistoryEntry',
          Delivery: '../domain/types#Delivery',
          SharingRecord: '../domain/types#SharingRecord',
          ProcessingRegister: '../domain/processing-register#ProcessingRegister',
          ProcessingActivity: '../domain/processing-register#ProcessingActivity',
          Controller: '../domain/controller#Controller',
        },
      },
    },
  },
};

export default config;

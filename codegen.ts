import type { CodegenConfig } from '@graphql-codegen/cli';

// Generates the resolver types and the schema as one text module, so the
// Lambda bundle, the local server and the tests all serve the same SDL.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
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
          Notice: '../domain/notices#Notice',
          NoticeVersion: '../domain/notices#NoticeVersion',
          AuditEntry: '../domain/audit#AuditEntry',
          Purpose: '../domain/purposes#Purpose',
          Partner: '../domain/partners#Partner',
          Event: '../domain/events#Event',
          DataUse: '../store/events#DataUseRecord',
          EventAttendance: '../store/events#AttendanceRecord',
          Registration: '../domain/registrations#Registration',
          Attendee: '../store/people#AttendeeRecord',
          Consent: '../domain/people#Consent',
          ConsentEvent: '../store/people#ConsentEventRecord',
          Subject: '../domain/people#Subject',
          SubjectRequest: '../domain/requests/requests#SubjectRequest',
          Delivery: '../domain/deliveries#Delivery',
          SharingRecord: '../domain/sharing#SharingRecord',
          ProcessingRegister: '../domain/processing-register#ProcessingRegister',
          ProcessingActivity: '../domain/processing-register#ProcessingActivity',
          Controller: '../domain/controller#Controller',
        },
      },
    },
  },
};

export default config;

import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import {
  CountryCodeResolver,
  DateTimeResolver,
  EmailAddressResolver,
  JSONResolver,
} from 'graphql-scalars';
import { NotImplementedError } from '../domain/errors';
import { typeDefs } from '../schema/type-defs.generated';
import { guardResolvers } from './access';
import * as consent from './consent';
import * as notices from './notices';
import * as operations from './operations';
import * as events from './events';
import * as impactAssessments from './impact-assessments';
import * as partners from './partners';
import * as people from './people';
import * as processingRegister from './processing-register';
import * as purposes from './purposes';
import * as requests from './requests';
import * as separateConsents from './separate-consents';
import * as sharing from './sharing';
import * as signIn from './sign-in';

export { typeDefs };

const ROOT_TYPES = ['Query', 'Mutation'];

/** Every field of the root types, read from the schema itself. */
function rootFields(): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const definition of parse(typeDefs).definitions) {
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      ROOT_TYPES.includes(definition.name.value)
    ) {
      const node = definition as ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
      fields[node.name.value] = [
        ...(fields[node.name.value] ?? []),
        ...(node.fields ?? []).map((field) => field.name.value),
      ];
    }
  }
  return fields;
}

/** Operations whose domain is not built yet say so, rather than answer something made up. */
function notImplemented(fields: Record<string, string[]>) {
  return Object.fromEntries(
    Object.entries(fields).map(([type, names]) => [
      type,
      Object.fromEntries(
        names.map((name) => [
          name,
          () => {
            throw new NotImplementedError(`${type}.${name}`);
          },
        ]),
      ),
    ]),
  );
}

export function createResolvers() {
  const fields = rootFields();
  const pending = notImplemented(fields);
  return guardResolvers(
    {
      DateTime: DateTimeResolver,
      EmailAddress: EmailAddressResolver,
      CountryCode: CountryCodeResolver,
      JSON: JSONResolver,
      Query: {
        ...pending.Query,
        ...notices.Query,
        ...purposes.Query,
        ...partners.Query,
        ...events.Query,
        ...people.Query,
        ...processingRegister.Query,
        ...consent.Query,
        ...sharing.Query,
        ...separateConsents.Query,
        ...impactAssessments.Query,
        ...requests.Query,
        ...operations.Query,
      },
      Mutation: {
        ...pending.Mutation,
        ...notices.Mutation,
        ...purposes.Mutation,
        ...partners.Mutation,
        ...events.Mutation,
        ...consent.Mutation,
        ...signIn.Mutation,
        ...sharing.Mutation,
        ...separateConsents.Mutation,
        ...impactAssessments.Mutation,
        ...requests.Mutation,
        ...operations.Mutation,
      },
      Notice: notices.Notice,
      NoticeVersion: notices.NoticeVersion,
      Event: events.Event,
      DataUse: events.DataUse,
      EventAttendance: events.EventAttendance,
      Registration: events.Registration,
      Purpose: purposes.Purpose,
      Partner: partners.Partner,
      Consent: consent.Consent,
      SharingRecord: sharing.SharingRecord,
      SeparateConsent: separateConsents.SeparateConsent,
      SeparateConsentDisclosure: separateConsents.SeparateConsentDisclosure,
      ImpactAssessment: impactAssessments.ImpactAssessment,
      Subject: people.Subject,
      ProcessingRegister: processingRegister.ProcessingRegister,
      SubjectRequest: requests.SubjectRequest,
    },
    fields,
  );
}

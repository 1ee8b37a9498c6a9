import * as people from '../domain/people';
import * as separateConsents from '../domain/separate-consents';
import type { QueryResolvers, SubjectResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'me' | 'subject'> = {
  me: (_parent, _args, { services, caller }) => people.me(services, caller),
  subject: (_parent, { email }, { services }) => people.findSubjectByEmail(services, email),
};

export const Subject: Pick<SubjectResolvers, 'separateConsents'> = {
  separateConsents: (subject, _args, { services }) =>
    separateConsents.separateConsentsOf(services, subject.id),
};

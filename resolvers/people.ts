import * as people from '../domain/people';
import type { QueryResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'me' | 'subject'> = {
  me: (_parent, _args, { services, caller }) => people.me(services, caller),
  subject: (_parent, { email }, { services }) => people.findSubjectByEmail(services, email),
};

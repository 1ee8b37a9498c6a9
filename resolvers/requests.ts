import { completeSubjectRequest } from '../domain/requests/fulfilment';
import { isOverdue } from '../domain/requests/lifecycle';
import * as requests from '../domain/requests/requests';
import { verifySubjectRequest } from '../domain/requests/verification';
import type { MutationResolvers, QueryResolvers, SubjectRequestResolvers } from './types.generated';

export const Query: Pick<QueryResolvers, 'subjectRequests' | 'subjectRequest'> = {
  subjectRequests: (_parent, args, { services }) => requests.requestQueue(services, args),
  subjectRequest: (_parent, { id }, { services, caller }) =>
    requests.findRequestFor(services, caller, id),
};

export const Mutation: Pick<
  MutationResolvers,
  | 'submitSubjectRequest'
  | 'verifySubjectRequest'
  | 'extendSubjectRequest'
  | 'completeSubjectRequest'
  | 'rejectSubjectRequest'
> = {
  submitSubjectRequest: (_parent, { input }, { services, caller }) =>
    requests.submitSubjectRequest(services, caller, input),
  verifySubjectRequest: (_parent, { id, code }, { services }) =>
    verifySubjectRequest(services, id, code),
  extendSubjectRequest: (_parent, { id, reason }, { services, caller }) =>
    requests.extendSubjectRequest(services, caller, id, reason),
  completeSubjectRequest: (_parent, { id, note }, { services, caller }) =>
    completeSubjectRequest(services, caller, id, note),
  rejectSubjectRequest: (_parent, { id, reason }, { services, caller }) =>
    requests.rejectSubjectRequest(services, caller, id, reason),
};

export const SubjectRequest: SubjectRequestResolvers = {
  overdue: (request, _args, { services }) => isOverdue(request, services.now()),
  newEmailProven: (request) => (request.newEmail ? request.newEmail.provenAt !== null : null),
  result: (request, _args, { services }) => requests.resultOf(services, request),
};

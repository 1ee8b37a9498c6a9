import * as signIn from '../domain/sign-in';
import type { MutationResolvers } from './types.generated';

export const Mutation: Pick<MutationResolvers, 'requestSignInCode' | 'signIn'> = {
  requestSignInCode: (_parent, { email }, { services }) =>
    signIn.requestSignInCode(services, email),
  signIn: (_parent, { email, code }, { services, signInTokens }) =>
    signIn.signIn(services, signInTokens, email, code),
};

import { processingRegister } from '../domain/processing-register';
import type { QueryResolvers } from './types.generated';

/** The Art. 30 register of processing activities. */
export const Query: Pick<QueryResolvers, 'processingRegister'> = {
  processingRegister: (_parent, _args, { services }) => processingRegister(services),
};

/**
 * What each type of request carries when submitted and needs when completed:
 * a type added to `REQUEST_TYPES` does not compile until it is described here
 * (and carried out in fulfilment.ts, and named in the mail texts).
 */
import { REQUEST_TYPES, type RequestType } from '../constants';

interface RequestTypeRules {
  /** The corrected values (RECTIFICATION). */
  carriesCorrections: boolean;
  /** The purposes it concerns; none named means all. */
  namesPurposes: boolean;
  /** Completed only with the reviewer's note. */
  completedWithNote: boolean;
}

export const REQUEST_TYPE_RULES: Record<RequestType, RequestTypeRules> = {
  ACCESS: { carriesCorrections: false, namesPurposes: false, completedWithNote: false },
  RECTIFICATION: { carriesCorrections: true, namesPurposes: false, completedWithNote: false },
  ERASURE: { carriesCorrections: false, namesPurposes: false, completedWithNote: false },
  RESTRICTION: { carriesCorrections: false, namesPurposes: false, completedWithNote: false },
  PORTABILITY: { carriesCorrections: false, namesPurposes: false, completedWithNote: false },
  OBJECTION: { carriesCorrections: false, namesPurposes: true, completedWithNote: false },
  WITHDRAW_CONSENT: { carriesCorrections: false, namesPurposes: true, completedWithNote: false },
  AUTOMATED_DECISION_REVIEW: {
    carriesCorrections: false,
    namesPurposes: false,
    completedWithNote: true,
  },
};

/** The types that follow a rule, for the messages that say which may. */
export function typesThat(rule: keyof RequestTypeRules): RequestType[] {
  return REQUEST_TYPES.filter((type) => REQUEST_TYPE_RULES[type][rule]);
}

/** Rights requests in plain words: each type, status and jurisdiction the API knows. */
import type { Jurisdiction, RequestStatus, RequestType } from '../gql/graphql';

interface RequestTypeWords {
  name: string;
  explanation: string;
}

export const REQUEST_TYPES: Record<RequestType, RequestTypeWords> = {
  ACCESS: {
    name: 'Access: a copy of my data',
    explanation:
      'Everything we hold about you: your registrations, consents, who received your data and your earlier requests. You can download it as a file and as a readable page.',
  },
  RECTIFICATION: {
    name: 'Correction of my data',
    explanation: 'Tell us which details are wrong and what they should be.',
  },
  ERASURE: {
    name: 'Erasure: delete my data',
    explanation:
      'We delete what we hold about you, unless the law makes us keep it, and tell the partners who received it.',
  },
  RESTRICTION: {
    name: 'Restriction: pause the use of my data',
    explanation:
      'We keep your data but stop using it: no new sharing and no marketing, for example while you contest it.',
  },
  PORTABILITY: {
    name: 'Portability: my data to take elsewhere',
    explanation: 'The data you gave us, in a machine-readable file you can give another service.',
  },
  OBJECTION: {
    name: 'Objection to a use of my data',
    explanation:
      'Stop a use of your data that rests on our legitimate interests, or any direct marketing.',
  },
  WITHDRAW_CONSENT: {
    name: 'Withdrawal of my consent',
    explanation:
      'Withdraw consent you gave us. Signed in, you can also do this yourself at once under My privacy.',
  },
  AUTOMATED_DECISION_REVIEW: {
    name: 'Review of an automated decision',
    explanation:
      'A person reviews a decision about you that was made by automated means, and explains how it was made.',
  },
};

export const REQUEST_STATUS_WORDS: Record<RequestStatus, string> = {
  AWAITING_VERIFICATION: 'Waiting for the code we emailed',
  OPEN: 'Received: we are working on it',
  EXTENDED: 'Extended: we need more time',
  COMPLETED: 'Completed',
  REJECTED: 'Refused',
};

interface JurisdictionWords {
  name: string;
  deadline: string;
}

export const JURISDICTIONS: Record<Jurisdiction, JurisdictionWords> = {
  GDPR: {
    name: 'European Union, EEA or UK (GDPR)',
    deadline:
      'We answer within one month of receiving your request. For a complex request we may take two more months, and would tell you why within the first month.',
  },
  PIPL: {
    name: 'China (Personal Information Protection Law)',
    deadline:
      'The law sets no period, so we hold ourselves to a fixed number of working days (15 unless we say otherwise), with no extension.',
  },
  CCPA: {
    name: 'California (CCPA)',
    deadline:
      'We answer within 45 days. We may take 45 more days once, and would tell you why within the first 45.',
  },
};

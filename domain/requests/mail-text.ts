/** The texts of the mails about a request. Plain, short, and saying what the person can do. */
import type { RequestType } from '../constants';
import type { Controller } from '../controller';
import { day, signature, type MailText } from '../mail-text';
import type { SubjectRequest } from './types';

const TYPE_NAMES: Record<RequestType, string> = {
  ACCESS: 'access to your personal data',
  RECTIFICATION: 'correction of your personal data',
  ERASURE: 'erasure of your personal data',
  RESTRICTION: 'restriction of the processing of your personal data',
  PORTABILITY: 'a portable copy of your personal data',
  OBJECTION: 'objection to the processing of your personal data',
  WITHDRAW_CONSENT: 'withdrawal of your consent',
  AUTOMATED_DECISION_REVIEW: 'review of an automated decision',
};

export function verificationMail(
  request: SubjectRequest,
  code: string,
  expiresAt: string,
  controller: Controller,
): MailText {
  return {
    subject: 'Confirm your privacy request',
    text: [
      `We received a request for ${TYPE_NAMES[request.type]} (request ${request.id}).`,
      'To confirm that it comes from you, enter this code where you made the request:',
      '',
      `Code: ${code}`,
      '',
      `The code is valid until ${expiresAt}. If you did not make this request, ignore this message: nothing will happen.`,
      '',
      signature(controller),
    ].join('\n'),
  };
}

/** To the new address a correction asks for: the code that proves it is the person's. */
export function newAddressMail(
  request: SubjectRequest,
  code: string,
  expiresAt: string,
  controller: Controller,
): MailText {
  return {
    subject: 'Confirm your new email address',
    text: [
      `We received a request to change the email address we hold for someone to this one (request ${request.id}).`,
      'To confirm that this address is yours, enter this code where you made the request:',
      '',
      `Code: ${code}`,
      '',
      `You can also enter it on the request's page: ${controller.requestUrlTemplate.replace('{requestId}', request.id)}`,
      '',
      `The code is valid until ${expiresAt}. If you did not ask for this, ignore this message: nothing will change.`,
      '',
      signature(controller),
    ].join('\n'),
  };
}

export function extendedMail(request: SubjectRequest, controller: Controller): MailText {
  return {
    subject: 'Your privacy request needs more time',
    text: [
      `We need more time to answer your request for ${TYPE_NAMES[request.type]} (request ${request.id}).`,
      '',
      `Why: ${request.extensionReason ?? ''}`,
      '',
      `We will answer by ${day(request.dueAt)} at the latest.`,
      '',
      signature(controller),
    ].join('\n'),
  };
}

export function rejectedMail(request: SubjectRequest, controller: Controller): MailText {
  return {
    subject: 'Your privacy request was refused',
    text: [
      `We cannot act on your request for ${TYPE_NAMES[request.type]} (request ${request.id}).`,
      '',
      `Why: ${request.rejectionReason ?? ''}`,
      '',
      'You have the right to lodge a complaint with a supervisory authority (a data protection authority),',
      'in particular where you live or work, and to seek a judicial remedy before a court.',
      '',
      signature(controller),
    ].join('\n'),
  };
}

const DONE: Record<RequestType, string> = {
  ACCESS:
    'A copy of all the personal data we hold about you, with who received it, is ready: sign in to read it.',
  PORTABILITY:
    'A machine-readable (JSON) copy of the data you gave us is ready: sign in to download it.',
  RECTIFICATION: 'We corrected your data wherever we hold it, and told those who received it.',
  ERASURE:
    'We erased your personal data, and told those who received it. We keep only the record of this request.',
  RESTRICTION:
    'We restricted the processing of your data: it is no longer shared or used for marketing. We told those who received it.',
  OBJECTION: 'We stopped the processing you objected to.',
  WITHDRAW_CONSENT: 'We recorded the withdrawal of your consent.',
  AUTOMATED_DECISION_REVIEW: 'A person reviewed the automated decision.',
};

export function completedMail(
  request: SubjectRequest,
  controller: Controller,
  note: string | null,
): MailText {
  return {
    subject: 'Your privacy request is complete',
    text: [
      `We completed your request for ${TYPE_NAMES[request.type]} (request ${request.id}).`,
      '',
      DONE[request.type],
      ...(request.newEmail && !request.newEmail.appliedAt
        ? [
            '',
            'Your email address changes once the code we mailed to the new address is entered; until then we keep this one.',
          ]
        : []),
      ...(note ? ['', note] : []),
      '',
      signature(controller),
    ].join('\n'),
  };
}

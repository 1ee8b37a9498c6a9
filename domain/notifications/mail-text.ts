/** The mail that tells a person about a material change of a notice. */
import type { ChangeKind } from '../constants';
import type { Controller } from '../controller';
import { day, signature, type MailText } from '../mail-text';

export interface NoticeChangeText {
  title: string;
  version: number;
  effectiveAt: string;
  changeSummary: string | null;
  changes: { heading: string; kind: ChangeKind }[];
}

const CHANGE_WORDS: Record<ChangeKind, string> = {
  ADDED: 'new',
  MODIFIED: 'changed',
  REMOVED: 'removed',
};

/** A dedicated message about the change, not bundled with anything else (WP260 ¶29-30). */
export function noticeChangeMail(change: NoticeChangeText, controller: Controller): MailText {
  return {
    subject: `Our privacy notice changes on ${day(change.effectiveAt)}`,
    text: [
      `We have made important changes to "${change.title}" (version ${change.version}).`,
      `They take effect on ${change.effectiveAt}.`,
      '',
      ...(change.changeSummary ? ['What changes:', change.changeSummary, ''] : []),
      'Sections affected:',
      ...change.changes.map((section) => `- ${section.heading} (${CHANGE_WORDS[section.kind]})`),
      '',
      'Where you gave consent, we will ask you to confirm it under the new notice.',
      'You can withdraw consent or exercise your other rights at any time.',
      '',
      signature(controller),
    ].join('\n'),
  };
}

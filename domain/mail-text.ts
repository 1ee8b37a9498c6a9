/** What every mail people receive shares: its shape, how it gives a day, how it is signed. */
import type { Controller } from './controller';

export interface MailText {
  subject: string;
  text: string;
}

/** The calendar day (UTC) of an ISO time. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The controller's name and contact details, closing every mail. */
export function signature(controller: Controller): string {
  return [`${controller.name}`, controller.address, controller.email ?? '', controller.phone ?? '']
    .filter(Boolean)
    .join('\n');
}

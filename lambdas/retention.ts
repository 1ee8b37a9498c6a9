/** Scheduled job: de-identifies attendees of events whose retention has passed. */
import { runRetention } from '../domain/retention';
import { servicesFromEnvironment } from './environment';

export async function handler() {
  return runRetention(servicesFromEnvironment());
}

/** Scheduled job: de-identifies attendees of events whose retention has passed. */
import { runRetention } from '../domain/retention';
import { freshServices } from '../domain/services';
import { controllerFrom } from '../domain/controller';
import { createDb } from '../store/db';

export async function handler() {
  const table = process.env.PRIVACY_OPS_TABLE;
  if (!table) throw new Error('PRIVACY_OPS_TABLE is not set');
  const services = freshServices({
    db: createDb({ table, endpoint: process.env.DYNAMODB_ENDPOINT }),
    now: () => new Date(),
    controller: controllerFrom(),
  });
  return runRetention(services);
}

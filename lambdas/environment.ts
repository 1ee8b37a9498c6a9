/** What every Lambda entry point builds from its function's environment. */
import { controllerFrom } from '../domain/controller';
import { deadlineSettingsFrom } from '../domain/requests/deadlines';
import type { Senders } from '../domain/senders';
import { createMailSender } from '../adapters/mail';
import { freshServices, type Services } from '../domain/services';
import { createWebhookSender } from '../adapters/webhooks';
import { createDb } from '../store/db';

export function servicesFromEnvironment(env: NodeJS.ProcessEnv = process.env): Services {
  const table = env.PRIVACY_OPS_TABLE;
  if (!table) throw new Error('PRIVACY_OPS_TABLE is not set');
  return freshServices({
    db: createDb({ table, endpoint: env.DYNAMODB_ENDPOINT }),
    now: () => new Date(),
    controller: controllerFrom(env),
    deadlines: deadlineSettingsFrom(env),
  });
}

export function mailFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.PRIVACY_OPS_MAIL_FROM ?? 'Privacy team <privacy@localhost>';
}

/** SES on AWS; `.eml` files where PRIVACY_OPS_MAIL_DIR names a folder. */
export function sendersFromEnvironment(env: NodeJS.ProcessEnv = process.env): Senders {
  const from = mailFrom(env);
  return {
    mail: createMailSender(
      env.PRIVACY_OPS_MAIL_DIR
        ? { kind: 'files', dir: env.PRIVACY_OPS_MAIL_DIR, from }
        : { kind: 'ses', from },
    ),
    webhook: createWebhookSender(),
  };
}

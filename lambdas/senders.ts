import { createMailSender } from '../adapters/mail';
import type { LambdaTelemetry } from '../adapters/telemetry';
import { createWebhookSender } from '../adapters/webhooks';
import type { Senders } from '../domain/senders';
import type { SendingSettings } from './settings';

/** SES (traced) or mail files, as the settings say; real HTTP for webhooks. */
export function lambdaSenders(settings: SendingSettings, telemetry: LambdaTelemetry): Senders {
  const capture = <T>(client: T): T => telemetry.tracer.captureAWSv3Client(client);
  return {
    mail: createMailSender(
      settings.mail.kind === 'ses' ? { ...settings.mail, captureClient: capture } : settings.mail,
    ),
    webhook: createWebhookSender(),
  };
}

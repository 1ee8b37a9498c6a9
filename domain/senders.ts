/**
 * The ports through which deliveries leave. The rules decide what to send;
 * `adapters/` holds the implementations (mail files or SES, HTTP webhooks),
 * chosen by each entry point.
 */
export interface OutboundMail {
  deliveryId: string;
  to: string;
  topic: string;
  subject: string;
  text: string;
}

export interface MailSender {
  send(mail: OutboundMail): Promise<void>;
}

export interface OutboundWebhook {
  deliveryId: string;
  url: string;
  secret: string | null;
  topic: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface WebhookSender {
  send(webhook: OutboundWebhook): Promise<void>;
}

/** How deliveries leave: set by the entry point (files or SES, real HTTP). */
export interface Senders {
  mail: MailSender;
  webhook: WebhookSender;
}

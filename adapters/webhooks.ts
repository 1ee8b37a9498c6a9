import { createHmac } from 'node:crypto';
import type { WebhookSender } from '../domain/senders';

export const WEBHOOK_TIMEOUT_MS = 5_000;

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs the contract's body, signed with the partner's secret; non-2xx or no answer in 5 s fails. */
export function createWebhookSender(timeoutMs = WEBHOOK_TIMEOUT_MS): WebhookSender {
  return {
    async send(webhook) {
      if (!webhook.secret) throw new Error('The partner has no webhook secret to sign with');
      const body = JSON.stringify({
        id: webhook.deliveryId,
        topic: webhook.topic,
        occurredAt: webhook.occurredAt,
        data: webhook.data,
      });
      const response = await fetch(webhook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'privacy-ops-webhooks',
          'x-privacy-ops-delivery': webhook.deliveryId,
          'x-privacy-ops-topic': webhook.topic,
          'x-privacy-ops-signature': signature(webhook.secret, body),
        },
        body,
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) {
        throw new Error(`The receiver answered HTTP ${response.status}`);
      }
    },
  };
}

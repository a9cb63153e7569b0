// The institution's webhook: a JSON POST signed with HMAC-SHA256 of the raw body, sent once
// per delivery key. A non-2xx answer or a network error throws, so Temporal retries it.
import { createHmac } from 'node:crypto';
import type { Clock } from '../infra/clock';
import type { Db } from '../infra/db';
import { claimDelivery, markDeliveryFailed, markDeliverySent, recordDeliverySkipped } from './delivery-ledger';

const WEBHOOK_TIMEOUT_MS = 10_000;

export const SIGNATURE_HEADER = 'X-Spinway-Signature';
export const DELIVERY_HEADER = 'X-Spinway-Delivery';

/** `sha256=<hex>`: what a receiver recomputes over the raw body with the shared secret. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export interface DeliverWebhookInput {
  deliveryKey: string;
  url: string;
  secret: string | null;
  /** Serialised once; the same body (and so the same signature) on every attempt. */
  payload: unknown;
}

export async function deliverWebhook({ db, clock }: { db: Db; clock: Clock }, input: DeliverWebhookInput): Promise<void> {
  const delivery = { key: input.deliveryKey, channel: 'webhook' as const, target: input.url };
  if (!input.secret) {
    // An unsigned call could be forged by anyone who knows the URL; refuse to send one.
    await recordDeliverySkipped(db, delivery, 'Institution.webhookSecret is not set; webhooks are only sent signed');
    return;
  }
  if (!(await claimDelivery(db, delivery))) return;
  const rawBody = JSON.stringify(input.payload);
  let response: Response;
  try {
    response = await fetch(input.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        [SIGNATURE_HEADER]: webhookSignature(input.secret, rawBody),
        [DELIVERY_HEADER]: input.deliveryKey,
      },
      body: rawBody,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (error) {
    const message = `Webhook ${input.url} failed: ${error instanceof Error ? error.message : String(error)}`;
    await markDeliveryFailed(db, input.deliveryKey, message, false);
    throw new Error(message, { cause: error });
  }
  await response.body?.cancel();
  if (!response.ok) {
    const message = `Webhook ${input.url} answered ${response.status} ${response.statusText}`;
    await markDeliveryFailed(db, input.deliveryKey, message, false);
    throw new Error(message);
  }
  await markDeliverySent(db, input.deliveryKey, String(response.status), clock());
}

// One Delivery row per outbound message (e-mail or webhook), keyed by its idempotency key. An
// attempt claims the row BEFORE it sends and marks it SENT after, so a retry of a delivered
// message does nothing. A crash between the send and the mark leaves the row SENDING: the next
// attempt sends again, with the same Message-ID / X-Spinway-Delivery header, so the receiver
// can recognise the repeat.
import type { Db } from '../infra/db';

export const DELIVERY_STATUSES = ['SENDING', 'SENT', 'FAILED', 'REJECTED', 'SKIPPED'] as const;
/**
 * SENDING: claimed by an attempt. SENT: delivered. FAILED: a temporary failure, retried.
 * REJECTED: a permanent failure (the receiver refused it), not retried. SKIPPED: not sent by
 * design (e-mail disabled).
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryTarget {
  key: string;
  channel: 'email' | 'webhook';
  target: string;
}

const RETRYABLE: DeliveryStatus[] = ['SENDING', 'FAILED'];

/**
 * Claims the delivery for this attempt. Returns false when there is nothing to send (SENT,
 * REJECTED, SKIPPED) or another attempt claimed it first. The claim of an existing row is a
 * compare-and-set on `attempts`, so of two concurrent attempts only one sends.
 */
export async function claimDelivery(db: Db, delivery: DeliveryTarget): Promise<boolean> {
  const { count } = await db.delivery.createMany({
    data: [{ ...delivery, status: 'SENDING', attempts: 1 }],
    skipDuplicates: true,
  });
  if (count === 1) return true;
  const existing = await db.delivery.findUnique({ where: { key: delivery.key }, select: { status: true, attempts: true } });
  if (!existing || !RETRYABLE.includes(existing.status as DeliveryStatus)) return false;
  const claimed = await db.delivery.updateMany({
    where: { key: delivery.key, attempts: existing.attempts, status: { in: RETRYABLE } },
    data: { status: 'SENDING', attempts: { increment: 1 }, target: delivery.target },
  });
  return claimed.count === 1;
}

export async function markDeliverySent(db: Db, key: string, externalId: string | null, at: Date): Promise<void> {
  await db.delivery.updateMany({ where: { key, status: 'SENDING' }, data: { status: 'SENT', externalId, sentAt: at, lastError: null } });
}

export async function markDeliveryFailed(db: Db, key: string, error: string, permanent: boolean): Promise<void> {
  await db.delivery.updateMany({
    where: { key, status: 'SENDING' },
    data: { status: permanent ? 'REJECTED' : 'FAILED', lastError: error.slice(0, 2_000) },
  });
}

/** Records a delivery that is deliberately not made; a later attempt leaves it as it is. */
export async function recordDeliverySkipped(db: Db, delivery: DeliveryTarget, reason: string): Promise<void> {
  await recordDeliveriesSkipped(db, [delivery], reason);
}

/** The same for several at once (a notification's e-mails while e-mail is off), in one statement. */
export async function recordDeliveriesSkipped(db: Db, deliveries: readonly DeliveryTarget[], reason: string): Promise<void> {
  if (deliveries.length === 0) return;
  await db.delivery.createMany({ data: deliveries.map((delivery) => ({ ...delivery, status: 'SKIPPED', lastError: reason })), skipDuplicates: true });
}

export const EMAIL_DISABLED = 'E-mail is disabled (SMTP_URL is not set)';

// An e-mail to someone outside the institution (the licensee's contact for royalty reports),
// exactly once per key through the delivery ledger, like every other e-mail Spinway sends.
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import type { Clock } from '../infra/clock';
import type { Db } from '../infra/db';
import type { Mailer } from '../infra/mailer';
import { claimDelivery, EMAIL_DISABLED, markDeliveryFailed, markDeliverySent, recordDeliverySkipped } from '../notifications/delivery-ledger';
import { messageIdFor } from '../notifications/notification-email';

export type EmailExternalInput = Parameters<IpDealActivities['emailExternal']>[0];

export const externalDeliveryKey = (key: string) => `${key}:external-email`;

const FOOTER = ['', '—', '此邮件由 Spinway 代表发件单位自动发送。如有疑问，请与单位技术转移中心联系。', 'Sent automatically by Spinway on behalf of the institution; please contact its tech-transfer office with any questions.', ''].join('\n');

export async function emailExternal({ db, mailer, clock }: { db: Db; mailer: Mailer; clock: Clock }, input: EmailExternalInput): Promise<void> {
  if (!input.key?.trim()) throw new AppError('VALIDATION_FAILED', 'key: an e-mail needs an idempotency key', { details: { field: 'key' } });
  if (!z.email().safeParse(input.to).success) throw new AppError('VALIDATION_FAILED', `to: ${input.to} is not an e-mail address`, { details: { field: 'to' } });
  const deliveryKey = externalDeliveryKey(input.key);
  const delivery = { key: deliveryKey, channel: 'email' as const, target: input.to };
  if (!mailer.enabled) {
    await recordDeliverySkipped(db, delivery, EMAIL_DISABLED);
    return;
  }
  if (!(await claimDelivery(db, delivery))) return;
  try {
    const sent = await mailer.send({
      to: { name: input.to, address: input.to },
      subject: input.subject,
      text: `${input.body}\n${FOOTER}`,
      messageId: messageIdFor(deliveryKey, mailer.messageIdDomain),
      headers: { 'X-Spinway-Delivery': deliveryKey },
    });
    await markDeliverySent(db, deliveryKey, sent.messageId, clock());
  } catch (error) {
    const code = (error as { responseCode?: unknown }).responseCode;
    const permanent = typeof code === 'number' && code >= 500 && code < 600;
    await markDeliveryFailed(db, deliveryKey, error instanceof Error ? error.message : String(error), permanent);
    // A refused address is recorded, not retried: it must not hold up the deal's workflow.
    if (!permanent) throw error;
  }
}

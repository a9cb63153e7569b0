// One e-mail to one person, exactly once per delivery key (see delivery-ledger.ts).
import type { Clock } from '../infra/clock';
import type { Db } from '../infra/db';
import type { Mailer } from '../infra/mailer';
import { claimDelivery, markDeliveryFailed, markDeliverySent } from './delivery-ledger';
import { messageIdFor, notificationEmail } from './notification-email';
import type { Recipient } from './resolve-recipients';

export interface DeliverEmailInput {
  deliveryKey: string;
  notificationKey: string;
  recipient: Recipient;
  title: string;
  body: string;
  link: string;
}

/** SMTP 5xx replies are permanent (no such mailbox, refused); retrying cannot help. */
function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Sends through an enabled mailer (with e-mail off, sendNotification records the deliveries as skipped). */
export async function deliverEmail({ db, mailer, clock }: { db: Db; mailer: Mailer; clock: Clock }, input: DeliverEmailInput): Promise<void> {
  const delivery = { key: input.deliveryKey, channel: 'email' as const, target: input.recipient.email };
  if (!(await claimDelivery(db, delivery))) return;
  const { subject, text } = notificationEmail({ recipientName: input.recipient.name, title: input.title, body: input.body, link: input.link });
  try {
    const sent = await mailer.send({
      to: { name: input.recipient.name, address: input.recipient.email },
      subject,
      text,
      messageId: messageIdFor(input.deliveryKey, mailer.messageIdDomain),
      headers: { 'X-Spinway-Delivery': input.deliveryKey },
    });
    const at = clock();
    await markDeliverySent(db, input.deliveryKey, sent.messageId, at);
    await db.notification.updateMany({ where: { key: input.notificationKey, emailedAt: null }, data: { emailedAt: at } });
  } catch (error) {
    const permanent = isPermanentSmtpFailure(error);
    await markDeliveryFailed(db, input.deliveryKey, error instanceof Error ? error.message : String(error), permanent);
    // A refused address is recorded, not retried: it must not hold up the case's workflow.
    if (!permanent) throw error;
  }
}

// What every notify activity does once it knows the link: an in-app notification per recipient,
// an e-mail per recipient and the institution's webhook, each exactly once per key however
// often Temporal runs the activity. The case, deal and settlement notifiers differ only in the
// subject they name and the page they link to.
import type { Clock } from '../infra/clock';
import type { AppConfig } from '../infra/config';
import type { Db } from '../infra/db';
import type { Mailer } from '../infra/mailer';
import { deliverEmail } from './deliver-email';
import { deliverWebhook } from './deliver-webhook';
import { EMAIL_DISABLED, recordDeliveriesSkipped } from './delivery-ledger';
import { resolveAudience, type RecipientQuery } from './resolve-recipients';

export interface NotifyDeps {
  db: Db;
  mailer: Mailer;
  config: Pick<AppConfig, 'PUBLIC_URL'>;
  clock: Clock;
}

export const notificationKey = (key: string, personId: string) => `${key}:${personId}`;
export const emailDeliveryKey = (key: string, personId: string) => `${key}:${personId}:email`;
export const webhookDeliveryKey = (key: string) => `${key}:webhook`;

export interface Notification extends RecipientQuery {
  /** Idempotency key per message. */
  key: string;
  kind: string;
  title: string;
  body: string;
  /** Where the web app shows the subject. */
  link: string;
  /** The case the in-app notification belongs to, when it is about one. */
  caseId: string | null;
  /** Names the subject in the webhook payload, e.g. `{ dealId }`. */
  subject: Record<string, string>;
}

export async function sendNotification(deps: NotifyDeps, notification: Notification): Promise<void> {
  const { db } = deps;
  const { key, institutionId, kind, title, body, link } = notification;
  const { recipients, webhook } = await resolveAudience(db, notification);
  if (recipients.length > 0) {
    const at = deps.clock();
    await db.notification.createMany({
      data: recipients.map((person) => ({
        key: notificationKey(key, person.id),
        personId: person.id,
        institutionId,
        caseId: notification.caseId,
        kind,
        title,
        body,
        link,
        createdAt: at,
      })),
      skipDuplicates: true,
    });
  }

  // Every channel is tried before a failure is reported, so one unreachable address does not
  // delay the others until the retry; the retry then skips whatever was delivered.
  const failures: unknown[] = [];
  const attempt = async (deliver: () => Promise<void>) => {
    try {
      await deliver();
    } catch (error) {
      failures.push(error);
    }
  };
  if (!deps.mailer.enabled) {
    // E-mail is off: every recipient's delivery is recorded as not made, in one insert.
    await recordDeliveriesSkipped(db, recipients.map((person) => ({ key: emailDeliveryKey(key, person.id), channel: 'email' as const, target: person.email })), EMAIL_DISABLED);
  } else {
    for (const person of recipients) {
      await attempt(() =>
        deliverEmail(deps, {
          deliveryKey: emailDeliveryKey(key, person.id),
          notificationKey: notificationKey(key, person.id),
          recipient: person,
          title,
          body,
          link,
        }),
      );
    }
  }
  if (webhook) {
    await attempt(() =>
      deliverWebhook(deps, {
        deliveryKey: webhookDeliveryKey(key),
        url: webhook.url,
        secret: webhook.secret,
        payload: {
          type: 'notification',
          deliveryKey: webhookDeliveryKey(key),
          key,
          kind,
          institutionId,
          ...notification.subject,
          title,
          body,
          link,
          recipientIds: recipients.map((person) => person.id),
        },
      }),
    );
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} deliveries of notification ${key} failed; they will be retried`);
}

// The notify activity: an in-app notification per recipient, an e-mail per recipient and the
// institution's webhook, each exactly once per key however often Temporal runs the activity.
import { AppError } from '../../domain/errors';
import type { NotifyInput } from '../../workflows/contracts/spinout-case';
import type { Clock } from '../infra/clock';
import type { AppConfig } from '../infra/config';
import type { Db } from '../infra/db';
import { isUuid } from '../infra/key-uuid';
import type { Mailer } from '../infra/mailer';
import { deliverEmail } from './deliver-email';
import { deliverWebhook } from './deliver-webhook';
import { resolveRecipients, type Recipient } from './resolve-recipients';

export interface NotifyDeps {
  db: Db;
  mailer: Mailer;
  config: Pick<AppConfig, 'PUBLIC_URL'>;
  clock: Clock;
}

export const notificationKey = (key: string, personId: string) => `${key}:${personId}`;
export const emailDeliveryKey = (key: string, personId: string) => `${key}:${personId}:email`;
export const webhookDeliveryKey = (key: string) => `${key}:webhook`;

/** Where the web app shows the case. */
export function caseLink(publicUrl: string, caseId: string): string {
  return new URL(`/cases/${encodeURIComponent(caseId)}`, publicUrl).toString();
}

function checkInput(input: NotifyInput): void {
  if (!input.key?.trim()) throw new AppError('VALIDATION_FAILED', 'key: a notification needs an idempotency key', { details: { field: 'key' } });
  if (!isUuid(input.institutionId)) throw new AppError('VALIDATION_FAILED', 'institutionId: must be a uuid', { details: { field: 'institutionId' } });
  if (!isUuid(input.caseId)) throw new AppError('VALIDATION_FAILED', 'caseId: must be a uuid', { details: { field: 'caseId' } });
}

async function createInAppNotifications(db: Db, input: NotifyInput, recipients: Recipient[], link: string, at: Date): Promise<void> {
  if (recipients.length === 0) return;
  await db.notification.createMany({
    data: recipients.map((person) => ({
      key: notificationKey(input.key, person.id),
      personId: person.id,
      institutionId: input.institutionId,
      caseId: input.caseId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      link,
      createdAt: at,
    })),
    skipDuplicates: true,
  });
}

export async function notify(deps: NotifyDeps, input: NotifyInput): Promise<void> {
  checkInput(input);
  const { db } = deps;
  const recipients = await resolveRecipients(db, input);
  const link = caseLink(deps.config.PUBLIC_URL, input.caseId);
  await createInAppNotifications(db, input, recipients, link, deps.clock());

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
  for (const person of recipients) {
    await attempt(() =>
      deliverEmail(deps, {
        deliveryKey: emailDeliveryKey(input.key, person.id),
        notificationKey: notificationKey(input.key, person.id),
        recipient: person,
        title: input.title,
        body: input.body,
        link,
      }),
    );
  }
  const institution = await db.institution.findUnique({ where: { id: input.institutionId }, select: { webhookUrl: true, webhookSecret: true } });
  if (institution?.webhookUrl) {
    await attempt(() =>
      deliverWebhook(deps, {
        deliveryKey: webhookDeliveryKey(input.key),
        url: institution.webhookUrl!,
        secret: institution.webhookSecret,
        payload: {
          type: 'notification',
          deliveryKey: webhookDeliveryKey(input.key),
          key: input.key,
          kind: input.kind,
          institutionId: input.institutionId,
          caseId: input.caseId,
          title: input.title,
          body: input.body,
          link,
          recipientIds: recipients.map((person) => person.id),
        },
      }),
    );
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} deliveries of notification ${input.key} failed; they will be retried`);
}

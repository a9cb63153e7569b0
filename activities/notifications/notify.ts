// The notify activity of the spin-out case and retention clock workflows: a notification about
// a case, linking to the case's page, sent once per key on every channel (send-notification.ts).
import { AppError } from '../../domain/errors';
import type { NotifyInput } from '../../workflows/contracts/spinout-case';
import { isUuid } from '../infra/key-uuid';
import { sendNotification, type NotifyDeps } from './send-notification';

export { emailDeliveryKey, notificationKey, webhookDeliveryKey, type NotifyDeps } from './send-notification';

/** The case's page in the web interface (api/web), which e-mails and in-app notifications link to. */
export function caseLink(publicUrl: string, caseId: string): string {
  return new URL(`/app/cases/${encodeURIComponent(caseId)}`, publicUrl).toString();
}

export async function notify(deps: NotifyDeps, input: NotifyInput): Promise<void> {
  if (!input.key?.trim()) throw new AppError('VALIDATION_FAILED', 'key: a notification needs an idempotency key', { details: { field: 'key' } });
  if (!isUuid(input.institutionId)) throw new AppError('VALIDATION_FAILED', 'institutionId: must be a uuid', { details: { field: 'institutionId' } });
  if (!isUuid(input.caseId)) throw new AppError('VALIDATION_FAILED', 'caseId: must be a uuid', { details: { field: 'caseId' } });
  await sendNotification(deps, {
    ...input,
    link: caseLink(deps.config.PUBLIC_URL, input.caseId),
    caseId: input.caseId,
    subject: { caseId: input.caseId },
  });
}

// Notifications about a settlement: sent once per key on every channel like the case's
// (activities/notifications/send-notification.ts), linking to the settlement's page or the
// person's statement.
import { AppError } from '../../domain/errors';
import type { SettlementNotifyInput } from '../../workflows/contracts/settlement';
import { isUuid } from '../infra/key-uuid';
import { sendNotification, type NotifyDeps } from '../notifications/send-notification';

/**
 * The page in the web interface: the workflow names a path of the settlement (its own, or a
 * person's statement, `/settlements/{id}/statements/{personId}`), and the web interface serves
 * each under `/app` (a statement redirects to its PDF once the person has logged in).
 */
export function settlementLink(publicUrl: string, input: Pick<SettlementNotifyInput, 'settlementId' | 'linkPath'>): string {
  return new URL(`/app${input.linkPath ?? `/settlements/${encodeURIComponent(input.settlementId)}`}`, publicUrl).toString();
}

export async function notifySettlement(deps: NotifyDeps, input: SettlementNotifyInput): Promise<void> {
  if (!input.key?.trim()) throw new AppError('VALIDATION_FAILED', 'key: a notification needs an idempotency key', { details: { field: 'key' } });
  if (!isUuid(input.institutionId)) throw new AppError('VALIDATION_FAILED', 'institutionId: must be a uuid', { details: { field: 'institutionId' } });
  await sendNotification(deps, {
    ...input,
    link: settlementLink(deps.config.PUBLIC_URL, input),
    caseId: null,
    subject: { settlementId: input.settlementId },
  });
}

// Notifications about a deal: sent once per key on every channel like the case's
// (activities/notifications/send-notification.ts). A deal's notification has no case; its link
// opens the deal.
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { isUuid } from '../infra/key-uuid';
import { sendNotification, type NotifyDeps } from '../notifications/send-notification';

export type NotifyDealInput = Parameters<IpDealActivities['notifyDeal']>[0];
export type NotifyDealDeps = NotifyDeps;

/** Where the web app shows the deal. */
export function dealLink(publicUrl: string, dealId: string): string {
  return new URL(`/app/deals/${encodeURIComponent(dealId)}`, publicUrl).toString();
}

export async function notifyDeal(deps: NotifyDealDeps, input: NotifyDealInput): Promise<void> {
  if (!input.key?.trim()) throw new AppError('VALIDATION_FAILED', 'key: a notification needs an idempotency key', { details: { field: 'key' } });
  if (!isUuid(input.institutionId)) throw new AppError('VALIDATION_FAILED', 'institutionId: must be a uuid', { details: { field: 'institutionId' } });
  if (!isUuid(input.dealId)) throw new AppError('VALIDATION_FAILED', 'dealId: must be a uuid', { details: { field: 'dealId' } });
  await sendNotification(deps, {
    ...input,
    link: dealLink(deps.config.PUBLIC_URL, input.dealId),
    caseId: null,
    subject: { dealId: input.dealId },
  });
}

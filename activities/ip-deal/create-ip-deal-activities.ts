// The IP deal workflow's activities (workflows/contracts/ip-deal.ts), built from their
// dependencies. Each is idempotent: Temporal may run it again after a timeout or a worker crash,
// and the second run finds the first one's writes by their keys. The task, notice, objection
// and calendar operations are the case's own, which work by key for any task or notice.
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { systemClock } from '../infra/clock';
import { withNonRetryableAppErrors } from '../infra/non-retryable-app-errors';
import { closeTask } from '../spinout-case/close-task';
import { loadCalendar } from '../spinout-case/load-calendar';
import { recordObjection } from '../spinout-case/record-objection';
import { resolveObjection } from '../spinout-case/resolve-objection';
import { updateNotice } from '../spinout-case/update-notice';
import { updateTask } from '../spinout-case/update-task';
import { createDeal } from './create-deal';
import type { IpDealDeps } from './deps';
import { emailExternal } from './email-external';
import { generateContract } from './generate-contract';
import { lockDealDocuments } from './lock-deal-documents';
import { notifyDeal } from './notify-deal';
import { openDealTask } from './open-deal-task';
import { publishDealNotice } from './publish-deal-notice';
import { recordAmendment } from './record-amendment';
import { recordDealState } from './record-deal-state';
import { recordPayment } from './record-payment';
import { upsertObligations } from './upsert-obligations';
import { upsertRoyaltyPeriod } from './upsert-royalty-period';

export function createIpDealActivities(deps: IpDealDeps): IpDealActivities {
  const all = { ...deps, clock: deps.clock ?? systemClock };
  const activities = {
    createDeal: (input) => createDeal(all, input),
    loadDealCalendar: () => loadCalendar(all),
    recordDealState: (input) => recordDealState(all, input),
    openDealTask: (input) => openDealTask(all, input),
    updateDealTask: (input) => updateTask(all, input),
    closeDealTask: (input) => closeTask(all, input),
    publishDealNotice: (input) => publishDealNotice(all, input),
    updateDealNotice: (input) => updateNotice(all, input),
    recordDealObjection: (input) => recordObjection(all, input),
    resolveDealObjection: (input) => resolveObjection(all, input),
    generateContract: (input) => generateContract(all, input),
    lockDealDocuments: (input) => lockDealDocuments(all, input),
    upsertObligations: (input) => upsertObligations(all, input),
    upsertRoyaltyPeriod: (input) => upsertRoyaltyPeriod(all, input),
    recordPayment: (input) => recordPayment(all, input),
    recordAmendment: (input) => recordAmendment(all, input),
    notifyDeal: (input) => notifyDeal(all, input),
    emailExternal: (input) => emailExternal(all, input),
  } satisfies IpDealActivities;
  return withNonRetryableAppErrors(activities);
}

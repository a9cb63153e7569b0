// The spin-out case workflow's activities (workflows/contracts/spinout-case.ts), built from
// their dependencies. Each is idempotent: Temporal may run it again after a timeout or a
// worker crash, and the second run finds the first one's writes by their keys.
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { systemClock } from '../infra/clock';
import { withNonRetryableAppErrors } from '../infra/non-retryable-app-errors';
import { notify } from '../notifications/notify';
import { closeTask } from './close-task';
import { createCase } from './create-case';
import type { SpinoutCaseDeps } from './deps';
import { generateAgreement } from './generate-agreement';
import { loadCalendar } from './load-calendar';
import { lockDocuments } from './lock-documents';
import { openTask } from './open-task';
import { publishNotice } from './publish-notice';
import { recordCaseState } from './record-case-state';
import { recordObjection } from './record-objection';
import { recordTransition } from './record-transition';
import { resolveObjection } from './resolve-objection';
import { updateNotice } from './update-notice';
import { updateTask } from './update-task';

export function createSpinoutCaseActivities(deps: SpinoutCaseDeps): SpinoutCaseActivities {
  const all = { ...deps, clock: deps.clock ?? systemClock };
  const activities = {
    createCase: (input) => createCase(all, input),
    loadCalendar: () => loadCalendar(all),
    recordCaseState: (input) => recordCaseState(all, input),
    openTask: (input) => openTask(all, input),
    updateTask: (input) => updateTask(all, input),
    closeTask: (input) => closeTask(all, input),
    recordTransition: (input) => recordTransition(all, input),
    publishNotice: (input) => publishNotice(all, input),
    updateNotice: (input) => updateNotice(all, input),
    recordObjection: (input) => recordObjection(all, input),
    resolveObjection: (input) => resolveObjection(all, input),
    generateAgreement: (input) => generateAgreement(all, input),
    lockDocuments: (input) => lockDocuments(all, input),
    notify: (input) => notify(all, input),
  } satisfies SpinoutCaseActivities;
  return withNonRetryableAppErrors(activities);
}

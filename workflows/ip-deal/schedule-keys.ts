// Idempotency keys of the deal workflow's timed events (reminders, overdue marks, escalations)
// and what they belong to. A key names the thing and its date, so a due date moved by an
// amendment gets fresh reminders while each reminder for one date goes out once.
import type { DealTask, Obligation, RoyaltyOwed, RoyaltyPeriodState } from '../contracts/ip-deal';

export const taskReminderKey = (task: Pick<DealTask, 'key'>, kind: 'HALF_TIME' | 'DUE_TODAY') => `${task.key}:reminder:${kind}`;
export const taskEscalationKey = (task: Pick<DealTask, 'key'>) => `${task.key}:escalated`;

export const obligationEventKey = (item: Pick<Obligation, 'key' | 'dueOn'>, kind: 'before' | 'due' | 'overdue') => `${item.key}:${item.dueOn}:${kind}`;
export const royaltyOwedEventKey = (owed: Pick<RoyaltyOwed, 'periodKey' | 'dueOn'>, kind: 'before' | 'due' | 'overdue') => `${owed.periodKey}:payment:${owed.dueOn}:${kind}`;
export const reportEventKey = (period: Pick<RoyaltyPeriodState, 'key' | 'reportDueOn'>, kind: 'before' | 'due' | 'overdue') => `${period.key}:report:${period.reportDueOn}:${kind}`;

export const followUpTaskKey = (subjectKey: string, dueOn: string) => `${subjectKey}:follow-up:${dueOn}`;

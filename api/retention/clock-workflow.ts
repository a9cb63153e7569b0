// Talking to a case's retention clock. The API imports only the contract (and the workflow's type).
import type { Client, WorkflowHandle } from '@temporalio/client';
import { retentionClockWorkflowId } from '../../workflows/contracts/retention-clock';
import type { retentionClockWorkflow } from '../../workflows/retention-clock';

export type ClockWorkflowHandle = WorkflowHandle<typeof retentionClockWorkflow>;

export const clockWorkflow = (temporal: Client, caseId: string): ClockWorkflowHandle =>
  temporal.workflow.getHandle<typeof retentionClockWorkflow>(retentionClockWorkflowId(caseId));

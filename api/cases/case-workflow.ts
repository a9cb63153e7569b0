// Talking to a case's workflow. The API imports only the contract (and the workflow's type).
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { spinoutCaseWorkflow } from '../../workflows/spinout-case';
import {
  spinoutCaseWorkflowId,
  type SpinoutCaseInput,
} from '../../workflows/contracts/spinout-case';

export const SPINOUT_CASE_WORKFLOW_TYPE = 'spinoutCaseWorkflow';

export type CaseWorkflowHandle = WorkflowHandle<typeof spinoutCaseWorkflow>;

export const caseWorkflow = (temporal: Client, workflowId: string): CaseWorkflowHandle =>
  temporal.workflow.getHandle<typeof spinoutCaseWorkflow>(workflowId);

export async function startCaseWorkflow(temporal: Client, taskQueue: string, input: SpinoutCaseInput): Promise<CaseWorkflowHandle> {
  return temporal.workflow.start<typeof spinoutCaseWorkflow>(SPINOUT_CASE_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: spinoutCaseWorkflowId(input.caseId),
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
}

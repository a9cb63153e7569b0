// Talking to a settlement's workflow. The API imports only the contract, never the implementation.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { SETTLEMENT_WORKFLOW_TYPE, settlementWorkflowId, type SettlementInput } from '../../workflows/contracts/settlement';

export const settlementWorkflow = (temporal: Client, workflowId: string): WorkflowHandle => temporal.workflow.getHandle(workflowId);

export async function startSettlementWorkflow(temporal: Client, taskQueue: string, input: SettlementInput): Promise<WorkflowHandle> {
  return temporal.workflow.start(SETTLEMENT_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: settlementWorkflowId(input.settlementId),
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
}

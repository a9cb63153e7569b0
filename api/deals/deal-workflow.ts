// Talking to a deal's workflow. The API imports only the contract, never the implementation.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import { AppError } from '../../domain/errors';
import { IP_DEAL_WORKFLOW_TYPE, ipDealWorkflowId, type IpDealInput } from '../../workflows/contracts/ip-deal';

export const dealWorkflow = (temporal: Client, workflowId: string): WorkflowHandle => temporal.workflow.getHandle(workflowId);

export async function startDealWorkflow(temporal: Client, taskQueue: string, input: IpDealInput): Promise<WorkflowHandle> {
  return temporal.workflow.start(IP_DEAL_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: ipDealWorkflowId(input.dealId),
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
}

/**
 * Sends an update to the deal's workflow. A deal whose workflow has completed (an expired deal
 * with everything settled, say) takes no more: 409, not the 404 of a missing process.
 */
export async function updateDeal<Ret, Arg>(
  temporal: Client,
  deal: { workflowId: string; reference: string },
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
): Promise<Ret> {
  try {
    return await dealWorkflow(temporal, deal.workflowId).executeUpdate(update, { args: [arg] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new AppError('INVALID_TRANSITION', `Deal ${deal.reference} is closed: its process has finished`, { cause: error });
    }
    throw error;
  }
}

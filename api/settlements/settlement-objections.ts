// An objection to a published distribution plan (公示), from the public notice board: it goes
// to the settlement's workflow, which pauses the publicity and opens the TTO's review.
import type { Client } from '@temporalio/client';
import { fileSettlementObjectionUpdate, type FileSettlementObjectionInput } from '../../workflows/contracts/settlement';
import { settlementWorkflow } from './settlement-workflow';

export async function fileSettlementObjection(temporal: Client, workflowId: string, filing: FileSettlementObjectionInput): Promise<{ objectionId: string }> {
  return settlementWorkflow(temporal, workflowId).executeUpdate(fileSettlementObjectionUpdate, { args: [filing] });
}

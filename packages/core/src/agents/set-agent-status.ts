import type { Agent } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from './find-agent.ts';

/** Archived agents keep their history and calls but cannot take new calls. */
export async function setAgentStatus(
  { tx }: OrgScope,
  agentId: string,
  status: Agent['status'],
): Promise<Agent> {
  await findAgent(tx, agentId);
  await tx.updateTable('agents').set({ status, updatedAt: new Date() }).where('id', '=', agentId).execute();
  return findAgent(tx, agentId);
}

import type { Agent } from '@switchboard/contracts/agents';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import { selectAgents, toAgent } from './to-agent.ts';

/** An agent of the organization in the transaction; another organization's agent is simply not found. */
export async function findAgent(tx: Tx, agentId: string): Promise<Agent> {
  const row = await selectAgents(tx).where('agents.id', '=', agentId).executeTakeFirst();
  if (!row) throw notFound('Agent');
  return toAgent(row);
}

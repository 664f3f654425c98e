import type { Agent } from '@switchboard/contracts/agents';
import { type Arguments, precompiled } from '@switchboard/db/precompiled';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import { selectAgents, toAgent } from './to-agent.ts';

// Compiled once: the agent's page, its tests and its calls read it.
const agentById = precompiled((db, arg: Arguments<{ agentId: string }>) =>
  selectAgents(db).where('agents.id', '=', arg('agentId')),
);

/** An agent of the organization in the transaction; another organization's agent is simply not found. */
export async function findAgent(tx: Tx, agentId: string): Promise<Agent> {
  const [row] = (await tx.executeQuery(agentById({ agentId }))).rows;
  if (!row) throw notFound('Agent');
  return toAgent(row);
}

import type { Agent } from '@switchboard/contracts/agents';
import { type Arguments, precompiled } from '@switchboard/db/precompiled';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';
import { type AgentRow, selectAgents, toAgent } from './to-agent.ts';

// Compiled once: the agent's page, its tests and its calls read it.
const agentById = precompiled((db, arg: Arguments<{ agentId: string }>) =>
  selectAgents(db).where('agents.id', '=', arg('agentId')),
);

/** An agent of the organization in the transaction; another organization's agent is simply not found. */
export async function findAgent(tx: Tx, agentId: string): Promise<Agent> {
  return theAgent((await tx.executeQuery(agentById({ agentId }))).rows);
}

/** The agent's page: findAgent as the request's last statement, which travels with COMMIT. */
export async function getAgent({ commitWith }: OrgScope, agentId: string): Promise<Agent> {
  return theAgent(await commitWith(agentById({ agentId })));
}

function theAgent([row]: AgentRow[]): Agent {
  if (!row) throw notFound('Agent');
  return toAgent(row);
}

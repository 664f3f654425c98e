import type { Agent } from '@switchboard/contracts/agents';
import { type Arguments, precompiled } from '@switchboard/db/precompiled';
import type { OrgScope } from '../access/actor.ts';
import { selectAgents, toAgent } from './to-agent.ts';

// Compiled once: the dashboard reads the list at every visit of the agents page.
const allAgents = precompiled((db) => selectAgents(db).orderBy('agents.name').orderBy('agents.createdAt'));
const agentsWithStatus = precompiled((db, arg: Arguments<{ status: 'active' | 'archived' }>) =>
  selectAgents(db)
    .where('agents.status', '=', arg('status'))
    .orderBy('agents.name')
    .orderBy('agents.createdAt'),
);

/** The organization's agents. The request's last statement: it travels with the transaction's COMMIT. */
export async function listAgents(
  { commitWith }: OrgScope,
  status: 'active' | 'archived' | 'all',
): Promise<Agent[]> {
  const query = status === 'all' ? allAgents({}) : agentsWithStatus({ status });
  return (await commitWith(query)).map(toAgent);
}

import type { Agent } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { selectAgents, toAgent } from './to-agent.ts';

export async function listAgents({ tx }: OrgScope, status: 'active' | 'archived' | 'all'): Promise<Agent[]> {
  let query = selectAgents(tx).orderBy('agents.name').orderBy('agents.createdAt');
  if (status !== 'all') query = query.where('agents.status', '=', status);
  return (await query.execute()).map(toAgent);
}

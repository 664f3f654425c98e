import { type Agent, AgentConfigSchema } from '@switchboard/contracts/agents';
import type { Tx } from '@switchboard/db/tenant';

/** The columns every agent read selects, joined with its current version. */
export function selectAgents(tx: Tx) {
  return tx
    .selectFrom('agents')
    .innerJoin('agentVersions', (join) =>
      join
        .onRef('agentVersions.agentId', '=', 'agents.id')
        .onRef('agentVersions.version', '=', 'agents.currentVersion'),
    )
    .select([
      'agents.id',
      'agents.name',
      'agents.status',
      'agents.currentVersion',
      'agentVersions.config',
      'agents.createdAt',
      'agents.updatedAt',
    ]);
}

type AgentRow = Awaited<ReturnType<ReturnType<typeof selectAgents>['executeTakeFirstOrThrow']>>;

export function toAgent(row: AgentRow): Agent {
  return {
    id: row.id,
    name: row.name,
    status: row.status as Agent['status'],
    version: row.currentVersion,
    // Stored configurations were valid when saved; parsing again fills defaults added since.
    config: AgentConfigSchema.parse(row.config),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

import { type Agent, type AgentConfig, AgentConfigSchema } from '@switchboard/contracts/agents';
import type { Database } from '@switchboard/db/database';
import { sql } from 'kysely';

/** The columns every agent read selects, joined with its current version. */
export function selectAgents(db: Database) {
  return db
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
      // As text: parsed only when configOf has no parse of this version yet (pg would parse every row's).
      sql<string>`${sql.ref('agentVersions.config')}::text`.as('configText'),
      'agents.createdAt',
      'agents.updatedAt',
    ]);
}

export type AgentRow = Awaited<ReturnType<ReturnType<typeof selectAgents>['executeTakeFirstOrThrow']>>;

export function toAgent(row: AgentRow): Agent {
  return {
    id: row.id,
    name: row.name,
    status: row.status as Agent['status'],
    version: row.currentVersion,
    config: configOf(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Parsed configurations of recent agent versions, by agent id and version. Stored configurations were valid
 * when saved; parsing again fills defaults added since. A version never changes (the API role may not update
 * one, migration 035), so its parse is kept instead of repeated at every read of the agent, the agents list
 * above all (docs/performance.md "API throughput"). Only a row read under RLS finds its entry, so nothing
 * crosses organizations. Frozen, since every reader shares it; emptied when full.
 */
const parsedConfigs = new Map<string, AgentConfig>();

function configOf(row: AgentRow): AgentConfig {
  const key = `${row.id}/${row.currentVersion}`;
  let config = parsedConfigs.get(key);
  if (config === undefined) {
    config = deepFreeze(AgentConfigSchema.parse(JSON.parse(row.configText)));
    if (parsedConfigs.size >= 1_000) parsedConfigs.clear();
    parsedConfigs.set(key, config);
  }
  return config;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

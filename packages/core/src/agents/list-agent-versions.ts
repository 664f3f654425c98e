import { AgentConfigSchema, type AgentVersion } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from './find-agent.ts';

export async function listAgentVersions({ tx }: OrgScope, agentId: string): Promise<AgentVersion[]> {
  await findAgent(tx, agentId);
  const rows = await tx
    .selectFrom('agentVersions')
    .leftJoin('auth.users', 'auth.users.id', 'agentVersions.createdBy')
    .select(['agentVersions.version', 'agentVersions.config', 'agentVersions.createdAt', 'auth.users.name'])
    .where('agentVersions.agentId', '=', agentId)
    .orderBy('agentVersions.version', 'desc')
    .execute();
  return rows.map((row) => ({
    version: row.version,
    config: AgentConfigSchema.parse(row.config),
    createdBy: row.name === null ? null : { name: row.name },
    createdAt: row.createdAt.toISOString(),
  }));
}

import { AgentConfigSchema, type AgentVersion } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';

/**
 * The agent's versions, newest first. The request's only statement after the membership read: it travels
 * with the transaction's COMMIT. Every agent has at least the version it was created with, and versions are
 * never deleted (migration 035), so no version means no such agent here (or another organization's).
 */
export async function listAgentVersions(
  { tx, commitWith }: OrgScope,
  agentId: string,
): Promise<AgentVersion[]> {
  const rows = await commitWith(
    tx
      .selectFrom('agentVersions')
      .leftJoin('auth.users', 'auth.users.id', 'agentVersions.createdBy')
      .select(['agentVersions.version', 'agentVersions.config', 'agentVersions.createdAt', 'auth.users.name'])
      .where('agentVersions.agentId', '=', agentId)
      .orderBy('agentVersions.version', 'desc'),
  );
  if (rows.length === 0) throw notFound('Agent');
  return rows.map((row) => ({
    version: row.version,
    config: AgentConfigSchema.parse(row.config),
    createdBy: row.name === null ? null : { name: row.name },
    createdAt: row.createdAt.toISOString(),
  }));
}

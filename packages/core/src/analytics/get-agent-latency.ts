import type { AgentLatency } from '@switchboard/contracts/analytics';
import { sql } from 'kysely';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';
import { latencySummary, TURN_COLUMNS } from './latency-summary.ts';

/** The agent's turn latency (p50/p90/p99) over its most recent `lastCalls` calls. */
export async function getAgentLatency(
  { tx, membership }: OrgScope,
  agentId: string,
  { lastCalls }: { lastCalls: number },
): Promise<AgentLatency> {
  const agent = await tx.selectFrom('agents').select('id').where('id', '=', agentId).executeTakeFirst();
  if (!agent) throw notFound('Agent');
  // Newest first through calls_analytics_agent_idx; turns by their primary key.
  const recent = sql`select c.id from calls c
     where c.organization_id = ${membership.organizationId} and c.agent_id = ${agentId}
     order by c.created_at desc limit ${lastCalls}`;
  const { rows } = await sql<{ calls: number }>`select count(*)::int as calls from (${recent}) r`.execute(tx);
  const latency = await latencySummary(
    tx,
    sql`select ${TURN_COLUMNS} from call_turns t where t.call_id in (${recent})`,
  );
  return { calls: rows[0]?.calls ?? 0, latency };
}

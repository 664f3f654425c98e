import type { BillingUsage, UsageQuery } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { toCredits } from './credits.ts';

/**
 * What the organization's calls cost over the last `days` days, for the Billing page's chart and agent
 * table: usage debits summed per local day (every day present, so the chart has no gaps) and per agent.
 * Days are cut at midnight in the organization's time zone, like the daily spend cap.
 */
export async function getBillingUsage(
  tx: Tx,
  organizationId: string,
  { days }: UsageQuery,
): Promise<BillingUsage> {
  // The local midnight that starts the period, as a local timestamp; shared by both statements.
  const periodStart = sql`(date_trunc('day', now() at time zone o.time_zone) - ${days - 1} * interval '1 day')`;

  const byDay = await sql<{ date: string; spent: string; timeZone: string }>`
    with o as (select id, time_zone from organizations where id = ${organizationId}),
    spent as (
      select (l.created_at at time zone o.time_zone)::date as day, -sum(l.amount_millicredits) as millicredits
        from credit_ledger l, o
       where l.organization_id = o.id and l.kind = 'usage'
         and l.created_at >= (${periodStart} at time zone o.time_zone)
       group by 1
    )
    select to_char(d.day, 'YYYY-MM-DD') as date, coalesce(s.millicredits, 0) as spent, o.time_zone as "timeZone"
      from o
      cross join generate_series(${periodStart}, date_trunc('day', now() at time zone o.time_zone), interval '1 day') d(day)
      left join spent s on s.day = d.day::date
     order by d.day`.execute(tx);

  const byAgent = await sql<{ agentId: string; agentName: string; calls: string; spent: string }>`
    with o as (select id, time_zone from organizations where id = ${organizationId})
    select c.agent_id as "agentId", a.name as "agentName", count(distinct c.id) as calls,
           -sum(l.amount_millicredits) as spent
      from o
      join credit_ledger l on l.organization_id = o.id
      join calls c on c.organization_id = l.organization_id and c.id = l.call_id
      join agents a on a.organization_id = c.organization_id and a.id = c.agent_id
     where l.kind = 'usage' and l.created_at >= (${periodStart} at time zone o.time_zone)
     group by c.agent_id, a.name
     order by spent desc, a.name`.execute(tx);

  const first = byDay.rows[0];
  if (!first) throw new Error(`Organization ${organizationId} is not visible in this transaction`);
  const dayList = byDay.rows.map((row) => ({ date: row.date, spentCredits: toCredits(row.spent) }));
  return {
    timeZone: first.timeZone,
    days: dayList,
    agents: byAgent.rows.map((row) => ({
      agentId: row.agentId,
      agentName: row.agentName,
      calls: Number(row.calls),
      spentCredits: toCredits(row.spent),
    })),
    totalCredits: toCredits(byDay.rows.reduce((sum, row) => sum + Number(row.spent), 0)),
  };
}

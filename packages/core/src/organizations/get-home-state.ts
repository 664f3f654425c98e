import type { HomeState } from '@switchboard/contracts/home';
import { sql } from 'kysely';
import type { OrgScope } from '../access/actor.ts';
import { toCredits } from '../billing/credits.ts';
import { readBillingState } from '../billing/read-billing-state.ts';
import { selectCalls, toCall } from '../calls/to-call.ts';

/** What the installation offers, so a step it cannot do is shown as such instead of never ticking. */
export interface HomeInstallation {
  voiceConfigured: boolean;
  phoneConfigured: boolean;
  metering: boolean;
}

const RECENT_CALLS = 5;

/** Credits that came from outside (bought, a plan, a grant): billing is set up. Trial credits do not count. */
const FUNDED_KINDS = ['purchase', 'plan_grant', 'manual_grant'];

/**
 * The organization's home page: its setup checklist from real state, recent calls and this month's usage,
 * in few statements (one for every flag and sum). Calls and spending are left out for members who may not
 * read them; the checklist's yes/no answers and the balance are for every member.
 */
export async function getHomeState(
  { tx, membership }: OrgScope,
  installation: HomeInstallation,
): Promise<HomeState> {
  const { organizationId, permissions } = membership;
  const { rows } = await sql<{
    hasAgent: boolean;
    hasTool: boolean;
    hasChat: boolean;
    hasTalked: boolean;
    hasNumber: boolean;
    isFunded: boolean;
    monthCalls: string;
    monthSeconds: string;
    monthSpent: string;
  }>`
    with o as (
      select id, (date_trunc('month', now() at time zone time_zone) at time zone time_zone) as month_start
        from organizations where id = ${organizationId}
    )
    select
      exists(select 1 from agents a where a.organization_id = o.id) as "hasAgent",
      exists(select 1 from tools t where t.organization_id = o.id) as "hasTool",
      exists(select 1 from calls c where c.organization_id = o.id and c.channel = 'chat') as "hasChat",
      exists(select 1 from calls c where c.organization_id = o.id and c.channel in ('web', 'phone')
                and c.started_at is not null) as "hasTalked",
      exists(select 1 from phone_numbers p where p.organization_id = o.id) as "hasNumber",
      exists(select 1 from credit_ledger l where l.organization_id = o.id
                and l.kind in (${sql.join(FUNDED_KINDS)})) as "isFunded",
      (select count(*) from calls c where c.organization_id = o.id and c.channel in ('web', 'phone')
          and c.created_at >= o.month_start) as "monthCalls",
      (select coalesce(sum(c.duration_seconds), 0) from calls c where c.organization_id = o.id
          and c.channel in ('web', 'phone') and c.created_at >= o.month_start) as "monthSeconds",
      (select coalesce(-sum(l.amount_millicredits), 0) from credit_ledger l where l.organization_id = o.id
          and l.kind = 'usage' and l.created_at >= o.month_start) as "monthSpent"
    from o`.execute(tx);
  const state = rows[0];
  if (!state) throw new Error(`Organization ${organizationId} is not visible in this transaction`);

  const canReadCalls = permissions.includes('calls:read');
  const recentCalls = canReadCalls
    ? (await selectCalls(tx).orderBy('calls.createdAt', 'desc').limit(RECENT_CALLS).execute()).map(toCall)
    : null;
  const balanceCredits = installation.metering
    ? toCredits((await readBillingState(tx, organizationId)).balanceMillicredits)
    : null;

  return {
    checklist: [
      { key: 'create_agent', done: state.hasAgent, available: true },
      { key: 'add_tool', done: state.hasTool, available: true },
      { key: 'chat', done: state.hasChat, available: true },
      { key: 'talk', done: state.hasTalked, available: installation.voiceConfigured },
      { key: 'phone_number', done: state.hasNumber, available: installation.phoneConfigured },
      { key: 'billing', done: state.isFunded, available: installation.metering },
    ],
    recentCalls,
    month: canReadCalls
      ? {
          calls: Number(state.monthCalls),
          minutes: Math.round(Number(state.monthSeconds) / 6) / 10,
          spentCredits:
            installation.metering && permissions.includes('billing:read')
              ? toCredits(state.monthSpent)
              : null,
        }
      : null,
    balanceCredits,
  };
}

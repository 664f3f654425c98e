import type { Call } from '@switchboard/contracts/calls';
import type { OrgScope } from '../access/actor.ts';
import { selectCalls, toCall } from './to-call.ts';

export async function listCalls(
  { tx }: OrgScope,
  filter: { agentId?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number },
): Promise<Call[]> {
  let query = selectCalls(tx).orderBy('calls.createdAt', 'desc').limit(filter.limit);
  if (filter.agentId) query = query.where('calls.agentId', '=', filter.agentId);
  if (filter.from) query = query.where('calls.createdAt', '>=', new Date(`${filter.from}T00:00:00Z`));
  // `to` is a whole day: everything before the next midnight.
  if (filter.to)
    query = query.where('calls.createdAt', '<', new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000));
  return (await query.execute()).map(toCall);
}

import type { Call } from '@switchboard/contracts/calls';
import type { Tx } from '@switchboard/db/tenant';

export function selectCalls(tx: Tx) {
  return tx
    .selectFrom('calls')
    .innerJoin('agents', 'agents.id', 'calls.agentId')
    .select([
      'calls.id',
      'calls.agentId',
      'agents.name as agentName',
      'calls.agentVersion',
      'calls.channel',
      'calls.status',
      'calls.caller',
      'calls.startedAt',
      'calls.endedAt',
      'calls.durationSeconds',
      'calls.endReason',
      'calls.costMillicredits',
      'calls.createdAt',
    ]);
}

type CallRow = Awaited<ReturnType<ReturnType<typeof selectCalls>['executeTakeFirstOrThrow']>>;

export function toCall(row: CallRow): Call {
  return {
    id: row.id,
    agent: { id: row.agentId, name: row.agentName, version: row.agentVersion },
    channel: row.channel as Call['channel'],
    status: row.status as Call['status'],
    caller: row.caller,
    startedAt: row.startedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    durationSeconds: row.durationSeconds,
    endReason: row.endReason,
    costCredits: row.costMillicredits === null ? null : Number(row.costMillicredits) / 1000,
    createdAt: row.createdAt.toISOString(),
  };
}

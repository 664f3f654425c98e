import type { Call, CallRefusalReason } from '@switchboard/contracts/calls';
import type { Tx } from '@switchboard/db/tenant';

export function selectCalls(tx: Tx) {
  return tx
    .selectFrom('calls')
    .innerJoin('agents', 'agents.id', 'calls.agentId')
    .leftJoin('callAnalyses', 'callAnalyses.callId', 'calls.id')
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
      'calls.direction',
      'calls.fromNumber',
      'calls.toNumber',
      'calls.phoneStatus',
      'calls.refusalReason',
      'calls.createdAt',
      'callAnalyses.evaluationScore',
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
    phone:
      row.channel === 'phone' && row.direction
        ? {
            direction: row.direction as 'inbound' | 'outbound',
            fromNumber: row.fromNumber,
            toNumber: row.toNumber,
            status: row.phoneStatus,
            refusalReason: row.refusalReason as CallRefusalReason | null,
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    evaluation: row.evaluationScore as Call['evaluation'],
  };
}

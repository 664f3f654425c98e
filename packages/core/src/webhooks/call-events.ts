import type { Database } from '@switchboard/db/database';
import { type Tx, withTenant } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { z } from 'zod';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { enqueueWebhookEvent } from './enqueue-webhook-event.ts';

export const EMIT_CALL_ENDED_TASK = 'emit_call_ended_webhook';
const EMIT_CALL_ENDED_ATTEMPTS = 10;

/** The call's own fields, the same in call.started, call.ended and (for its call) call.analyzed. */
function selectCallFields(tx: Tx, callId: string) {
  return tx
    .selectFrom('calls')
    .select([
      'id',
      'organizationId',
      'agentId',
      'agentVersion',
      'channel',
      'direction',
      'fromNumber',
      'toNumber',
      'status',
      'createdAt',
      'startedAt',
      'endedAt',
      'durationSeconds',
      'endReason',
      'costMillicredits',
    ])
    .where('id', '=', callId);
}

type CallRow = Awaited<ReturnType<ReturnType<typeof selectCallFields>['executeTakeFirstOrThrow']>>;

function toCallData(call: CallRow) {
  return {
    id: call.id,
    agentId: call.agentId,
    agentVersion: call.agentVersion,
    channel: call.channel,
    direction: call.direction,
    fromNumber: call.fromNumber,
    toNumber: call.toNumber,
    status: call.status,
    createdAt: call.createdAt.toISOString(),
    startedAt: call.startedAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    durationSeconds: call.durationSeconds,
    endReason: call.endReason,
    costCredits: call.costMillicredits === null ? null : Number(call.costMillicredits) / 1000,
  };
}

/** The call as every call event carries it, read in `tx` (the call exists: its analysis references it). */
export async function callEventData(tx: Tx, callId: string) {
  return toCallData(await selectCallFields(tx, callId).executeTakeFirstOrThrow());
}

/** call.started, in the transaction that marks the call started (the worker tier, once per call). */
export async function emitCallStarted(tx: Tx, callId: string): Promise<void> {
  const call = await selectCallFields(tx, callId).executeTakeFirst();
  if (!call) return;
  await enqueueWebhookEvent(tx, {
    organizationId: call.organizationId,
    type: 'call.started',
    data: { call: toCallData(call) },
  });
}

/**
 * At the one moment a call is finalized (by its worker, LiveKit's room webhook or the sweeper): when an
 * endpoint subscribes to call.ended, queues the job that builds the event. The event carries the transcript
 * and tool calls, which the system door (webhook, sweeper) may not read and which finalizing should not wait
 * for, so the worker tier's job runner reads them under the organization and queues the deliveries.
 */
export async function queueCallEnded(
  tx: Tx,
  { organizationId, callId }: { organizationId: string; callId: string },
) {
  const subscribed = await tx
    .selectFrom('webhookEndpoints')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('enabled', '=', true)
    .where(sql<boolean>`'call.ended' = any(event_types)`)
    .limit(1)
    .executeTakeFirst();
  if (subscribed)
    await enqueueJob(tx, EMIT_CALL_ENDED_TASK, { organizationId, callId }, EMIT_CALL_ENDED_ATTEMPTS);
}

const EmitCallEndedSchema = z.object({ organizationId: z.uuid(), callId: z.uuid() });

/** The job: call.ended with the call, its transcript and its tool calls, queued to each subscribed endpoint. */
export async function emitCallEnded(workerDb: Database, payload: unknown): Promise<void> {
  const { organizationId, callId } = EmitCallEndedSchema.parse(payload);
  await withTenant(workerDb, { orgId: organizationId }, (tx) => queueCallEndedDeliveries(tx, callId));
}

async function queueCallEndedDeliveries(tx: Tx, callId: string): Promise<void> {
  const call = await selectCallFields(tx, callId).executeTakeFirst();
  if (!call) return;
  const transcript = await tx
    .selectFrom('callTranscriptItems')
    .select(['seq', 'role', 'text', 'interrupted', 'createdAt'])
    .where('callId', '=', callId)
    .orderBy('seq')
    .execute();
  const toolCalls = await tx
    .selectFrom('callToolCalls')
    .select([
      'toolCallId',
      'functionName',
      'toolId',
      'arguments',
      'result',
      'isError',
      'startedAt',
      'finishedAt',
    ])
    .where('callId', '=', callId)
    .orderBy('startedAt')
    .execute();
  await enqueueWebhookEvent(tx, {
    organizationId: call.organizationId,
    type: 'call.ended',
    data: {
      call: toCallData(call),
      transcript: transcript.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })),
      toolCalls: toolCalls.map((toolCall) => ({
        ...toolCall,
        startedAt: toolCall.startedAt.toISOString(),
        finishedAt: toolCall.finishedAt?.toISOString() ?? null,
      })),
    },
  });
}

import type { CallAnalysis, EvaluationScore } from '@switchboard/contracts/analysis';
import type { CallDetail } from '@switchboard/contracts/calls';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';
import { selectCalls, toCall } from './to-call.ts';

/** A call with its transcript, tool calls, per-turn latency and analysis (arguments and results as the model saw them, no secrets). */
export async function getCall({ tx }: OrgScope, callId: string): Promise<CallDetail> {
  const row = await selectCalls(tx).where('calls.id', '=', callId).executeTakeFirst();
  if (!row) throw notFound('Call');
  const transcript = await tx
    .selectFrom('callTranscriptItems')
    .select(['seq', 'role', 'text', 'interrupted', 'createdAt'])
    .where('callId', '=', callId)
    .orderBy('seq')
    .execute();
  const toolCalls = await tx
    .selectFrom('callToolCalls')
    .select(['toolCallId', 'functionName', 'arguments', 'result', 'isError', 'startedAt', 'finishedAt'])
    .where('callId', '=', callId)
    .orderBy('startedAt')
    .execute();
  const turns = await tx
    .selectFrom('callTurns')
    .select([
      'turnIndex',
      'endOfUtteranceMs',
      'transcriptionMs',
      'firstTokenMs',
      'firstAudioMs',
      'toolMs',
      'toolCalls',
      'createdAt',
    ])
    .where('callId', '=', callId)
    .orderBy('turnIndex')
    .execute();
  const analysis = await tx
    .selectFrom('callAnalyses')
    .select([
      'status',
      'reason',
      'summary',
      'data',
      'evaluationScore',
      'evaluationReason',
      'model',
      'createdAt',
    ])
    .where('callId', '=', callId)
    .executeTakeFirst();
  return {
    ...toCall(row),
    transcript: transcript.map((item) => ({
      seq: item.seq,
      role: item.role as 'user' | 'assistant' | 'system',
      text: item.text,
      interrupted: item.interrupted,
      createdAt: item.createdAt.toISOString(),
    })),
    toolCalls: toolCalls.map((toolCall) => ({
      toolCallId: toolCall.toolCallId,
      functionName: toolCall.functionName,
      arguments: toolCall.arguments,
      result: toolCall.result,
      isError: toolCall.isError,
      startedAt: toolCall.startedAt.toISOString(),
      finishedAt: toolCall.finishedAt?.toISOString() ?? null,
      durationMs: toolCall.finishedAt ? toolCall.finishedAt.getTime() - toolCall.startedAt.getTime() : null,
    })),
    turns: turns.map((turn) => ({ ...turn, createdAt: turn.createdAt.toISOString() })),
    analysis: analysis
      ? {
          status: analysis.status as CallAnalysis['status'],
          reason: analysis.reason,
          summary: analysis.summary,
          data: analysis.data as CallAnalysis['data'],
          evaluation:
            analysis.evaluationScore && analysis.evaluationReason !== null
              ? { score: analysis.evaluationScore as EvaluationScore, reason: analysis.evaluationReason }
              : null,
          model: analysis.model,
          createdAt: analysis.createdAt.toISOString(),
        }
      : null,
  };
}

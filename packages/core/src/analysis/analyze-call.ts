import { AgentConfigSchema } from '@switchboard/contracts/agents';
import type { AgentAnalysisSettings } from '@switchboard/contracts/analysis';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import { compileJsonSchema } from '@switchboard/tools/json-schema';
import { z } from 'zod';
import { callEventData } from '../webhooks/call-events.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import {
  type AnalysisModel,
  AnalysisModelError,
  type AnalysisModelKeys,
  analysisModelFor,
  type ChatMessage,
  completeChat,
} from './analysis-model.ts';

export interface AnalyzeCallDeps {
  workerDb: Database;
  keys: AnalysisModelKeys;
  egress: Pick<EgressGuard, 'fetch'>;
}

const PayloadSchema = z.object({ organizationId: z.uuid(), callId: z.uuid() });
/** Long calls are cut from the middle: the opening and the outcome say the most. */
const MAX_TRANSCRIPT_CHARS = 60_000;

type Outcome =
  | {
      status: 'completed';
      summary: string;
      data: Record<string, unknown> | null;
      evaluation: { score: string; reason: string } | null;
    }
  | { status: 'failed' | 'skipped'; reason: string };

/**
 * The analysis job (docs/analysis.md): asks the agent's text model for the summary, the data its JSON Schema
 * describes and the success evaluation, checks the answer against that schema (one retry with the problems
 * named), and stores the outcome once per call. A stored analysis ends every later run of the job.
 */
export async function analyzeCall(
  deps: AnalyzeCallDeps,
  payload: unknown,
  { isLastAttempt }: { isLastAttempt: boolean },
): Promise<void> {
  const { organizationId, callId } = PayloadSchema.parse(payload);
  const tenant = { orgId: organizationId };
  const loaded = await withTenant(deps.workerDb, tenant, async (tx) => {
    const existing = await tx
      .selectFrom('callAnalyses')
      .select('callId')
      .where('callId', '=', callId)
      .executeTakeFirst();
    if (existing) return undefined;
    const call = await tx
      .selectFrom('calls')
      .innerJoin('agentVersions', (join) =>
        join
          .onRef('agentVersions.agentId', '=', 'calls.agentId')
          .onRef('agentVersions.version', '=', 'calls.agentVersion'),
      )
      .select(['agentVersions.config'])
      .where('calls.id', '=', callId)
      .executeTakeFirst();
    if (!call) return undefined;
    const transcript = await tx
      .selectFrom('callTranscriptItems')
      .select(['role', 'text'])
      .where('callId', '=', callId)
      .orderBy('seq')
      .execute();
    const toolCalls = await tx
      .selectFrom('callToolCalls')
      .select(['functionName', 'arguments', 'result', 'isError'])
      .where('callId', '=', callId)
      .orderBy('startedAt')
      .execute();
    return { config: AgentConfigSchema.parse(call.config), transcript, toolCalls };
  });
  if (!loaded?.config.analysis.enabled) return;
  const settings = loaded.config.analysis;

  let outcome: Outcome;
  let modelName: string | null = null;
  const spoken = loaded.transcript.filter((item) => item.role !== 'system' && item.text.trim());
  const target = analysisModelFor(loaded.config.model, deps.keys);
  if (spoken.length === 0) {
    outcome = { status: 'skipped', reason: 'The call has no transcript: nobody said anything' };
  } else if ('missing' in target) {
    outcome = { status: 'skipped', reason: `No model for analysis: ${target.missing}` };
  } else {
    modelName = target.model;
    const conversation = transcriptText(spoken, loaded.toolCalls);
    try {
      outcome = await askModel(deps, target, settings, conversation);
    } catch (error) {
      if (!(error instanceof AnalysisModelError) || !isLastAttempt) throw error;
      outcome = { status: 'failed', reason: error.message };
    }
  }

  await withTenant(deps.workerDb, tenant, async (tx) => {
    const inserted = await tx
      .insertInto('callAnalyses')
      .values({
        callId,
        organizationId,
        status: outcome.status,
        reason: outcome.status === 'completed' ? null : outcome.reason.slice(0, 2_000),
        summary: outcome.status === 'completed' ? outcome.summary.slice(0, 20_000) : null,
        data: outcome.status === 'completed' && outcome.data ? JSON.stringify(outcome.data) : null,
        evaluationScore: outcome.status === 'completed' ? (outcome.evaluation?.score ?? null) : null,
        evaluationReason:
          outcome.status === 'completed' ? (outcome.evaluation?.reason.slice(0, 4_000) ?? null) : null,
        model: modelName,
      })
      // Two runs of the job for one call (a retry racing a late duplicate): the first stored wins.
      .onConflict((conflict) => conflict.column('callId').doNothing())
      .returning('createdAt')
      .executeTakeFirst();
    if (!inserted) return;
    await enqueueWebhookEvent(tx, {
      organizationId,
      type: 'call.analyzed',
      data: {
        // The whole call, as call.started and call.ended carry it: a receiver needs no second request.
        call: await callEventData(tx, callId),
        analysis: {
          status: outcome.status,
          reason: outcome.status === 'completed' ? null : outcome.reason,
          summary: outcome.status === 'completed' ? outcome.summary : null,
          data: outcome.status === 'completed' ? outcome.data : null,
          evaluation: outcome.status === 'completed' ? outcome.evaluation : null,
          model: modelName,
          createdAt: inserted.createdAt.toISOString(),
        },
      },
    });
  });
}

function transcriptText(
  transcript: Array<{ role: string; text: string }>,
  toolCalls: Array<{ functionName: string; arguments: unknown; result: unknown; isError: boolean }>,
): string {
  const lines = transcript.map((item) => `${item.role === 'user' ? 'Caller' : 'Agent'}: ${item.text}`);
  for (const call of toolCalls) {
    const result = JSON.stringify(call.result ?? null).slice(0, 500);
    lines.push(
      `Function ${call.functionName}(${JSON.stringify(call.arguments).slice(0, 500)}) ${call.isError ? 'failed' : 'returned'} ${result}`,
    );
  }
  const text = lines.join('\n');
  if (text.length <= MAX_TRANSCRIPT_CHARS) return text;
  const half = MAX_TRANSCRIPT_CHARS / 2;
  return `${text.slice(0, half)}\n[…]\n${text.slice(-half)}`;
}

/** The JSON object the model must answer with, as a JSON Schema: what the answer is checked against. */
function answerSchema(settings: AgentAnalysisSettings) {
  const properties: Record<string, unknown> = { summary: { type: 'string', minLength: 1 } };
  const required = ['summary'];
  if (settings.dataSchema) {
    properties.data = settings.dataSchema;
    required.push('data');
  }
  if (settings.evaluation) {
    const score =
      settings.evaluation.scale === 'pass_fail'
        ? { type: 'string', enum: ['pass', 'fail'] }
        : { type: 'integer', minimum: 1, maximum: 5 };
    properties.evaluation = {
      type: 'object',
      properties: { score, reason: { type: 'string', minLength: 1 } },
      required: ['score', 'reason'],
    };
    required.push('evaluation');
  }
  return { type: 'object', properties, required };
}

function instructions(settings: AgentAnalysisSettings, schema: object): string {
  const parts = [
    'You analyze a finished conversation between an AI voice agent and a caller.',
    'Answer with one JSON object and nothing else, following this JSON Schema:',
    JSON.stringify(schema),
    `"summary": ${settings.summaryInstruction}`,
  ];
  if (settings.dataSchema)
    parts.push('"data": the facts the schema asks for, taken from the conversation; do not invent values.');
  if (settings.evaluation) {
    parts.push(
      settings.evaluation.scale === 'pass_fail'
        ? '"evaluation": "score" is "pass" when the call met the rubric below, else "fail"; "reason" says why in one sentence.'
        : '"evaluation": "score" from 1 (failed the rubric below) to 5 (fully met it); "reason" says why in one sentence.',
      `Rubric: ${settings.evaluation.rubric}`,
    );
  }
  return parts.join('\n');
}

async function askModel(
  deps: AnalyzeCallDeps,
  target: AnalysisModel,
  settings: AgentAnalysisSettings,
  conversation: string,
): Promise<Outcome> {
  const schema = answerSchema(settings);
  const check = compileJsonSchema(schema);
  const messages: ChatMessage[] = [
    { role: 'system', content: instructions(settings, schema) },
    { role: 'user', content: conversation },
  ];
  let problems: string[] = [];
  // One retry: the model gets its answer back with what was wrong; a second miss is stored as failed.
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const text = await completeChat(target, messages, deps.egress);
    const answer = parseJson(text);
    problems = answer === undefined ? ['the answer is not a JSON object'] : check.problems(answer);
    if (problems.length === 0) {
      const valid = answer as {
        summary: string;
        data?: Record<string, unknown>;
        evaluation?: { score: string | number; reason: string };
      };
      return {
        status: 'completed',
        summary: valid.summary,
        data: valid.data ?? null,
        evaluation: valid.evaluation
          ? { score: String(valid.evaluation.score), reason: valid.evaluation.reason }
          : null,
      };
    }
    messages.push(
      { role: 'assistant', content: text.slice(0, 20_000) },
      {
        role: 'user',
        content: `That answer does not follow the schema: ${problems.join('; ')}. Answer again with one JSON object that does.`,
      },
    );
  }
  return {
    status: 'failed',
    reason: `The model's answer did not follow the schema twice: ${problems.join('; ')}`,
  };
}

function parseJson(text: string): unknown {
  // Some models wrap JSON in a Markdown fence even when asked for an object.
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    const value: unknown = JSON.parse(unfenced);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

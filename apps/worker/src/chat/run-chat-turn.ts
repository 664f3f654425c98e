import { initializeLogger, llm, voice } from '@livekit/agents';
import { AgentConfigSchema } from '@switchboard/contracts/agents';
import type { ChatToolCall } from '@switchboard/contracts/chats';
import { callRateOf } from '@switchboard/core/billing/call-rate';
import { type CallRecorder, createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { chatModelKind } from '@switchboard/core/chats/chat-model-problem';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import type { RuntimeDeps } from '@switchboard/core/runtime/runtime-deps';
import { withTenant } from '@switchboard/db/tenant';
import { ToolCallError } from '@switchboard/tools/tool-function';
import { z } from 'zod';
import { buildAgent } from '../runtime/build-agent.ts';
import { ModelNotConfiguredError } from '../runtime/create-model.ts';
import { callValues, fillSpoken, textVariables } from '../runtime/fill-variables.ts';
import type { ToolCallObserver, WrapToolsOptions } from '../runtime/wrap-tools.ts';
import { type ChatModelKeys, createChatModel } from './chat-model.ts';

const PayloadSchema = z.object({ organizationId: z.uuid(), turnId: z.uuid() });

/** A reply that takes longer than this (model and functions together) fails the turn. */
const TURN_TIMEOUT_MS = 120_000;

export const CHAT_ENDED_MESSAGE = 'This chat has ended; start a new one.';

export interface ChatTurnDeps extends RuntimeDeps {
  keys: ChatModelKeys;
  /** BILLING_METERING is on: each turn debits the chat's seconds so far at the 'chat' price. */
  isMetering: boolean;
  /** Tests: a shorter bound on one function than a call's default. */
  toolTimeoutMs?: number;
}

interface StoredTurn {
  kind: string;
  userText: string | null;
  reply: string | null;
  toolCalls: unknown;
}

type Outcome =
  | { status: 'succeeded'; reply: string | null; toolCalls: ChatToolCall[] }
  | { status: 'failed'; error: string; toolCalls: ChatToolCall[] };

/** A failure the tester should read as it is (no internals in it). */
class ChatTurnError extends Error {
  override name = 'ChatTurnError';
}

/**
 * The worker-tier half of "chat with an agent": answers one pending turn of a chat (a call of channel
 * `chat`) as the agent would on a call, with the same prompt, greeting, variables and enabled functions
 * (buildAgent), the text counterpart of its model (chat-model.ts) and the same recorder for transcript and
 * tool calls.
 *
 * The conversation is rebuilt from the chat's finished turns for every message rather than kept in a
 * worker process between messages: any job runner can take the next message, a restart loses nothing, and
 * the API stays stateless. What it costs is one LiveKit session per message, which for text is cheap.
 *
 * The idle limit is the sweeper's: every turn claims the call and writes a heartbeat, so a chat nobody
 * writes in for WORKER_LOST_AFTER is closed like a call whose worker went away.
 */
export async function runChatTurn(deps: ChatTurnDeps, payload: unknown): Promise<void> {
  const { organizationId, turnId } = PayloadSchema.parse(payload);
  const tenant = { orgId: organizationId };
  const loaded = await withTenant(deps.workerDb, tenant, async (tx) => {
    const turn = await tx
      .selectFrom('chatTurns')
      .select(['id', 'callId', 'kind', 'userText', 'status', 'createdAt'])
      .where('id', '=', turnId)
      .executeTakeFirst();
    if (turn?.status !== 'pending') return undefined;
    const call = await tx
      .selectFrom('calls')
      .select(['id', 'agentId', 'agentVersion', 'variables', 'startedAt', 'finalizedAt'])
      .where('id', '=', turn.callId)
      .where('channel', '=', 'chat')
      .executeTakeFirstOrThrow();
    const history = await tx
      .selectFrom('chatTurns')
      .select(['kind', 'userText', 'reply', 'toolCalls'])
      .where('callId', '=', turn.callId)
      .where('status', '=', 'succeeded')
      .where('kind', 'in', ['greet', 'message'])
      .where('createdAt', '<=', turn.createdAt)
      .where('id', '!=', turn.id)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    return { turn, call, history };
  });
  if (!loaded) return;
  const { turn, call, history } = loaded;
  const recorder = createCallRecorder(
    deps.workerDb,
    { organizationId, callId: call.id },
    { onError: (error, what) => deps.logger?.warn(`chat ${call.id}: could not ${what}: ${String(error)}`) },
  );
  const toolCalls: ChatToolCall[] = [];
  let outcome: Outcome;
  try {
    const rate = deps.isMetering
      ? await withTenant(deps.workerDb, tenant, async (tx) => {
          const version = await tx
            .selectFrom('agentVersions')
            .select('config')
            .where('agentId', '=', call.agentId)
            .where('version', '=', call.agentVersion)
            .executeTakeFirstOrThrow();
          const { model } = AgentConfigSchema.parse(version.config);
          return callRateOf(tx, { callId: call.id, modelKind: chatModelKind(model) });
        })
      : undefined;
    const secondsSoFar = () =>
      call.startedAt ? Math.max(0, Math.round((Date.now() - call.startedAt.getTime()) / 1000)) : 0;
    if (turn.kind === 'end') {
      await recorder.finalize({
        endReason: 'caller_hung_up',
        durationSeconds: secondsSoFar(),
        usage: null,
        rate,
      });
      outcome = { status: 'succeeded', reply: null, toolCalls };
    } else if (call.finalizedAt || !(await recorder.claim(`chat:${call.id}`))) {
      outcome = { status: 'failed', error: CHAT_ENDED_MESSAGE, toolCalls };
    } else {
      let agentEnded = false;
      const reply =
        turn.kind === 'greet'
          ? await greet(deps, { organizationId, call, recorder })
          : await answer(deps, {
              organizationId,
              call,
              recorder,
              history,
              text: turn.userText ?? '',
              toolCalls,
              onEndCall: () => {
                agentEnded = true;
              },
            });
      const durationSeconds = secondsSoFar();
      recorder.heartbeat({ durationSeconds, usage: null });
      if (rate) await recorder.debit(durationSeconds, rate);
      await recorder.flush();
      // The agent hung up (end_call): its goodbye is the reply, and the chat is over.
      if (agentEnded)
        await recorder.finalize({ endReason: 'agent_ended', durationSeconds, usage: null, rate });
      outcome = { status: 'succeeded', reply, toolCalls };
    }
  } catch (error) {
    const expected = error instanceof ChatTurnError || error instanceof ModelNotConfiguredError;
    if (!expected) deps.logger?.warn(`chat turn ${turnId} failed unexpectedly: ${String(error)}`);
    outcome = {
      status: 'failed',
      error: expected
        ? error.message
        : 'The agent could not answer because of an internal problem (see the worker log)',
      toolCalls,
    };
    await recorder.flush();
  }

  await withTenant(deps.workerDb, tenant, (tx) =>
    tx
      .updateTable('chatTurns')
      .set({
        status: outcome.status,
        reply: outcome.status === 'succeeded' ? outcome.reply : null,
        toolCalls: JSON.stringify(outcome.toolCalls),
        error: outcome.status === 'failed' ? outcome.error.slice(0, 2000) : null,
        finishedAt: new Date(),
      })
      .where('id', '=', turnId)
      .execute(),
  );
}

interface ChatCall {
  id: string;
  agentId: string;
  agentVersion: number;
  variables: unknown;
}

/** The greeting as a call would say it, word for word: filled here, so no model is asked for it. */
async function greet(
  deps: ChatTurnDeps,
  { organizationId, call, recorder }: { organizationId: string; call: ChatCall; recorder: CallRecorder },
): Promise<string> {
  const runtime = await loadAgentRuntime(deps, {
    organizationId,
    agentId: call.agentId,
    version: call.agentVersion,
  });
  recorder.markStarted();
  const greeting = fillSpoken(
    runtime.agent.config.greeting,
    callValues({
      agentName: runtime.agent.config.name,
      organizationName: runtime.organization.name,
      variables: textVariables(call.variables),
    }),
  );
  // An empty greeting means the tester writes first, as a caller would speak first.
  if (greeting) recorder.addTranscriptItem({ role: 'assistant', text: greeting });
  return greeting;
}

async function answer(
  deps: ChatTurnDeps,
  options: {
    organizationId: string;
    call: ChatCall;
    recorder: CallRecorder;
    history: StoredTurn[];
    text: string;
    toolCalls: ChatToolCall[];
    onEndCall: () => void;
  },
): Promise<string> {
  const { call, recorder, toolCalls } = options;
  const runtime = await loadAgentRuntime(
    deps,
    { organizationId: options.organizationId, agentId: call.agentId, version: call.agentVersion },
    {
      async endCall() {
        options.onEndCall();
      },
      async transferCall() {
        throw new ToolCallError('A chat cannot be transferred; offer to help otherwise.');
      },
    },
  );
  const model = createChatModel(runtime.agent.config, deps.keys, deps.egress);
  const observer: ToolCallObserver = {
    startToolCall(started) {
      recorder.startToolCall(started);
      toolCalls.push({
        toolCallId: started.toolCallId,
        functionName: started.functionName,
        arguments: started.arguments,
        result: null,
        isError: false,
      });
    },
    finishToolCall(finished) {
      recorder.finishToolCall(finished);
      const entry = toolCalls.find((candidate) => candidate.toolCallId === finished.toolCallId);
      if (entry) Object.assign(entry, { result: finished.result, isError: finished.isError });
    },
  };
  const tools: WrapToolsOptions = {
    observer,
    ...(deps.toolTimeoutMs && { timeoutMs: deps.toolTimeoutMs }),
    onError: (error, { functionName }) =>
      deps.logger?.warn(`chat ${call.id}: function ${functionName} failed: ${String(error)}`),
  };
  // The agent exactly as a web call builds it (no phone functions), then given the conversation so far:
  // a TenantAgent would greet again on entry.
  const built = buildAgent(runtime, { variables: textVariables(call.variables), tools });
  const agent = new voice.Agent({
    instructions: built.instructions,
    tools: built.toolCtx,
    chatCtx: conversationSoFar(options.history),
  });
  ensureLiveKitLogger();
  const session = new voice.AgentSession({ llm: model, vad: null, turnHandling: { turnDetection: null } });
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
    if (item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant')) return;
    const text = item.textContent?.trim();
    if (text) recorder.addTranscriptItem({ role: item.role, text, interrupted: item.interrupted });
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    session.on(voice.AgentSessionEventTypes.Error, ({ error }) => {
      if ('recoverable' in error && error.recoverable) return;
      reject(new ChatTurnError(`The model failed: ${modelErrorText(error)}`));
    });
    timer = setTimeout(
      () => reject(new ChatTurnError(`The agent did not answer within ${TURN_TIMEOUT_MS / 1000} seconds`)),
      TURN_TIMEOUT_MS,
    );
  });
  try {
    await session.start({ agent });
    const result = await Promise.race([session.run({ userInput: options.text }).wait(), failed]);
    return result.events
      .flatMap((event) =>
        event.type === 'message' && event.item.role === 'assistant' ? [event.item.textContent ?? ''] : [],
      )
      .join('\n')
      .trim();
  } finally {
    clearTimeout(timer);
    failed.catch(() => {});
    await session.close().catch(() => {});
    // A chat turn is a conversation of its own here: the MCP sessions its functions opened end with it.
    await runtime.close();
  }
}

let isLoggerReady = false;

/**
 * LiveKit's SDK logs through a logger its CLI sets up in the voice worker; the job runner has no CLI, so
 * the first chat sets it up (warnings only: the runner's own log says what each turn did).
 */
function ensureLiveKitLogger(): void {
  if (isLoggerReady) return;
  initializeLogger({ pretty: false, level: 'warn' });
  isLoggerReady = true;
}

/** The finished turns as the model saw them: greeting, then each message, its function calls and reply. */
function conversationSoFar(history: StoredTurn[]): llm.ChatContext {
  const context = new llm.ChatContext();
  for (const turn of history) {
    if (turn.userText) context.addMessage({ role: 'user', content: turn.userText });
    for (const call of (turn.toolCalls as ChatToolCall[] | null) ?? []) {
      context.insert(
        llm.FunctionCall.create({
          callId: call.toolCallId,
          name: call.functionName,
          args: JSON.stringify(call.arguments ?? {}),
        }),
      );
      const result = call.isError
        ? ((call.result as { error?: unknown } | null)?.error ?? call.result)
        : call.result;
      context.insert(
        llm.FunctionCallOutput.create({
          callId: call.toolCallId,
          name: call.functionName,
          output: typeof result === 'string' ? result : JSON.stringify(result),
          isError: call.isError,
        }),
      );
    }
    if (turn.reply) context.addMessage({ role: 'assistant', content: turn.reply });
  }
  return context;
}

/** The provider's own words (status and message), never a request with its key. */
function modelErrorText(error: unknown): string {
  const inner = (error as { error?: unknown }).error ?? error;
  return inner instanceof Error ? inner.message.slice(0, 300) : 'no answer';
}

import { llm, type voice } from '@livekit/agents';
import type { CallRecorder } from '@switchboard/core/calls/call-recorder';
import { traceToolCall } from '@switchboard/telemetry/tool-telemetry';
import { END_CALL, TRANSFER_CALL } from '@switchboard/tools/kinds/call-control/call-control-functions';
import { type ReadyToolFunction, ToolCallError } from '@switchboard/tools/tool-function';
import { validateArguments } from '@switchboard/tools/validate-arguments';
import { DETECTED_ANSWERING_MACHINE } from './phone-functions.ts';

/**
 * A function the model may call: the agent's own (with the tool it belongs to) or one the call's channel
 * adds (phone-functions.ts: no tool row, so no toolId).
 */
export type WrappableFunction = ReadyToolFunction & {
  toolId?: string | undefined;
  toolKind?: string | undefined;
};

/**
 * Where tool calls are reported as they happen: the call recorder, which queues and never blocks, and the
 * turn latency (the speech id names the turn whose reply called the function).
 */
export interface ToolCallObserver {
  startToolCall(call: Parameters<CallRecorder['startToolCall']>[0] & { speechId?: string }): void;
  finishToolCall(call: Parameters<CallRecorder['finishToolCall']>[0]): void;
}

export interface WrapToolsOptions {
  /** A function that has not answered by then fails, so a hung API cannot hold the caller forever. */
  timeoutMs?: number;
  observer?: ToolCallObserver | undefined;
  /** Failures that are bugs (not ToolCallError) and observer failures, for the worker's log. */
  onError?: ((error: unknown, context: { functionName: string; toolCallId: string }) => void) | undefined;
}

/**
 * A fallback above the longest timeout an HTTP function may configure (60 s), so it only ever catches
 * functions that have no timeout of their own or ignore it.
 */
export const DEFAULT_TOOL_TIMEOUT_MS = 65_000;

export const INTERRUPTED_MESSAGE = 'The caller interrupted; the function was cancelled.';

/** Functions that hang up or transfer: what the agent says before them must be heard first. */
const AFTER_PLAYOUT = new Set([END_CALL.name, TRANSFER_CALL.name, DETECTED_ANSWERING_MACHINE.name]);

/** What the model hears when a function fails for a reason it cannot act on; no internals. */
export const GENERIC_TOOL_FAILURE =
  'The function failed because of an internal problem. Tell the caller it did not work this time.';

export function toolTimeoutMessage(name: string): string {
  return `${name} did not answer in time. Tell the caller it did not work this time.`;
}

type JsonSchemaParameters = Exclude<Parameters<typeof llm.tool>[0]['parameters'], undefined>;
type WrappedTool = ReturnType<typeof llm.tool>;

/**
 * The agent's functions as LiveKit tools keyed by function name. Arguments are validated against the
 * stored JSON Schema (LiveKit does not validate raw schemas); a ToolCallError reaches the model verbatim as
 * a ToolError, anything else as a generic failure; each call is bounded by a timeout; the observer hears of
 * every call as it starts and finishes, under the SDK's tool call id.
 *
 * Barge-in: the SDK aborts `abortSignal` when the caller interrupts the turn and stops waiting for the result
 * (its output never reaches the model). A read-only function is cancelled with it. A function that `mutates`
 * never sees that signal: a booking cut off mid-request may have happened upstream, and the model, told it
 * was cancelled, would book again. It runs to its end (or its timeout) and its real result is recorded.
 */
export function wrapTools(
  functions: readonly WrappableFunction[],
  { timeoutMs = DEFAULT_TOOL_TIMEOUT_MS, observer, onError }: WrapToolsOptions = {},
): Record<string, WrappedTool> {
  const tools: Record<string, WrappedTool> = {};
  for (const fn of functions) {
    tools[fn.name] = llm.tool({
      description: fn.description,
      parameters: fn.parameters as JsonSchemaParameters,
      execute: async (args: unknown, { ctx, toolCallId, abortSignal }) => {
        const context = { functionName: fn.name, toolCallId };
        // The recorder only queues; a failure to queue must not fail the function.
        const report = (record: () => void) => {
          try {
            record();
          } catch (error) {
            onError?.(error, context);
          }
        };
        report(() =>
          observer?.startToolCall({
            toolCallId,
            functionName: fn.name,
            toolId: fn.toolId,
            arguments: args,
            speechId: ctx.speechHandle.id,
          }),
        );
        const cancelSignal = fn.mutates ? undefined : abortSignal;
        try {
          if (AFTER_PLAYOUT.has(fn.name)) await ctx.waitForPlayout();
          // A span and the tool metrics per call (kind, function, outcome; never arguments or results).
          const result = await traceToolCall(
            { kind: fn.toolKind ?? 'call', functionName: fn.name, source: 'call' },
            () => runFunction(fn, args, cancelSignal, timeoutMs),
          );
          report(() => observer?.finishToolCall({ toolCallId, result, isError: false }));
          if (abortSignal?.aborted) await tellModelLate(ctx, fn.name, toolCallId, result, false, onError);
          return result;
        } catch (error) {
          const interrupted = cancelSignal?.aborted === true;
          const message = interrupted ? INTERRUPTED_MESSAGE : modelMessage(error, fn.name);
          if (!interrupted && !(error instanceof ToolCallError) && !(error instanceof ToolTimeoutError)) {
            onError?.(error, context);
          }
          report(() => observer?.finishToolCall({ toolCallId, result: { error: message }, isError: true }));
          if (!interrupted && abortSignal?.aborted) {
            await tellModelLate(ctx, fn.name, toolCallId, message, true, onError);
          }
          throw new llm.ToolError(message);
        }
      },
    });
  }
  return tools;
}

/**
 * The SDK drops the output of a call whose turn was interrupted, leaving the model with a function call and
 * no answer: it would call again. A function that ran on anyway tells it what happened, in its context.
 */
async function tellModelLate(
  ctx: voice.RunContext<unknown>,
  functionName: string,
  toolCallId: string,
  result: unknown,
  isError: boolean,
  onError: WrapToolsOptions['onError'],
): Promise<void> {
  try {
    const agent = ctx.session.currentAgent;
    const chatCtx = agent.chatCtx.copy();
    const output = typeof result === 'string' ? result : JSON.stringify(result);
    chatCtx.insert(
      llm.FunctionCallOutput.create({ callId: toolCallId, name: functionName, output, isError }),
    );
    await agent.updateChatCtx(chatCtx);
  } catch (error) {
    // The session may be closing; the result is recorded either way.
    onError?.(error, { functionName, toolCallId });
  }
}

class ToolTimeoutError extends Error {
  override name = 'ToolTimeoutError';
}

async function runFunction(
  fn: WrappableFunction,
  rawArgs: unknown,
  abortSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<unknown> {
  // The SDK does not validate raw JSON Schemas; the function validates too, but failing here keeps the
  // model's correction loop independent of how each tool kind behaves.
  const args = validateArguments(fn, rawArgs);
  // Interrupted while waiting for playout: a read-only function (or a hang-up called off) does not start.
  abortSignal?.throwIfAborted();
  const timeout = new AbortController();
  const signal = abortSignal ? AbortSignal.any([abortSignal, timeout.signal]) : timeout.signal;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timeout.abort(new ToolTimeoutError(`${fn.name} timed out`));
      reject(new ToolTimeoutError(`${fn.name} timed out`));
    }, timeoutMs);
  });
  try {
    // Racing covers functions that ignore their signal: the call fails on time either way.
    const result = await Promise.race([fn.execute(args, signal), timedOut]);
    // A function that returns nothing would leave the model without a turn; say it worked.
    return result === undefined ? { ok: true } : result;
  } finally {
    clearTimeout(timer);
  }
}

function modelMessage(error: unknown, name: string): string {
  if (error instanceof ToolTimeoutError) return toolTimeoutMessage(name);
  if (error instanceof ToolCallError || error instanceof llm.ToolError) return error.message;
  return GENERIC_TOOL_FAILURE;
}

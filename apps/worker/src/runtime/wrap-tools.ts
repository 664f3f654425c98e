import { llm } from '@livekit/agents';
import type { CallRecorder } from '@switchboard/core/calls/call-recorder';
import type { RuntimeFunction } from '@switchboard/core/runtime/load-agent-runtime';
import { END_CALL, TRANSFER_CALL } from '@switchboard/tools/kinds/call-control/call-control-functions';
import { ToolCallError } from '@switchboard/tools/tool-function';
import { validateArguments } from '@switchboard/tools/validate-arguments';

/** Where tool calls are reported as they happen: the call recorder. */
export type ToolCallObserver = Pick<CallRecorder, 'startToolCall' | 'finishToolCall'>;

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
const AFTER_PLAYOUT = new Set([END_CALL.name, TRANSFER_CALL.name]);

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
 * a ToolError, anything else as a generic failure; each call honours the SDK's abort signal and a timeout;
 * the observer hears of every call as it starts and finishes, under the SDK's tool call id.
 */
export function wrapTools(
  functions: readonly RuntimeFunction[],
  { timeoutMs = DEFAULT_TOOL_TIMEOUT_MS, observer, onError }: WrapToolsOptions = {},
): Record<string, WrappedTool> {
  const tools: Record<string, WrappedTool> = {};
  for (const fn of functions) {
    tools[fn.name] = llm.tool({
      description: fn.description,
      parameters: fn.parameters as JsonSchemaParameters,
      execute: async (args: unknown, { ctx, toolCallId, abortSignal }) => {
        const context = { functionName: fn.name, toolCallId };
        const report = (promise: Promise<void> | undefined) =>
          promise?.catch((error: unknown) => onError?.(error, context));
        await report(
          observer?.startToolCall({ toolCallId, functionName: fn.name, toolId: fn.toolId, arguments: args }),
        );
        try {
          if (AFTER_PLAYOUT.has(fn.name)) await ctx.waitForPlayout();
          const result = await runFunction(fn, args, abortSignal, timeoutMs);
          await report(observer?.finishToolCall({ toolCallId, result, isError: false }));
          return result;
        } catch (error) {
          const interrupted = abortSignal?.aborted === true;
          const message = interrupted ? INTERRUPTED_MESSAGE : modelMessage(error, fn.name);
          if (!interrupted && !(error instanceof ToolCallError) && !(error instanceof ToolTimeoutError)) {
            onError?.(error, context);
          }
          await report(observer?.finishToolCall({ toolCallId, result: { error: message }, isError: true }));
          throw new llm.ToolError(message);
        }
      },
    });
  }
  return tools;
}

class ToolTimeoutError extends Error {
  override name = 'ToolTimeoutError';
}

async function runFunction(
  fn: RuntimeFunction,
  rawArgs: unknown,
  abortSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<unknown> {
  // The SDK does not validate raw JSON Schemas; the function validates too, but failing here keeps the
  // model's correction loop independent of how each tool kind behaves.
  const args = validateArguments(fn, rawArgs);
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

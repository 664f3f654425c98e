import { initializeLogger, voice } from '@livekit/agents';
import type { RuntimeFunction } from '@switchboard/core/runtime/load-agent-runtime';
import { ToolCallError } from '@switchboard/tools/tool-function';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GENERIC_TOOL_FAILURE,
  INTERRUPTED_MESSAGE,
  type ToolCallObserver,
  wrapTools,
} from '../../src/runtime/wrap-tools.ts';

initializeLogger({ pretty: false, level: 'warn' });

const parameters = { type: 'object' as const, properties: { id: { type: 'string' } }, required: ['id'] };

/** A function as loadAgentRuntime hands it over, with a body chosen by the test. */
function runtimeFunction(
  name: string,
  execute: RuntimeFunction['execute'],
  mutates = false,
): RuntimeFunction {
  return {
    name,
    description: `${name} by id`,
    parameters,
    mutates,
    execute,
    toolId: 'tool-1',
    toolName: 'Test',
  };
}

const sessions: voice.AgentSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
});

async function startSession(fn: RuntimeFunction, observer: ToolCallObserver) {
  const agent = new voice.Agent({ instructions: 'Test agent.', tools: wrapTools([fn], { observer }) });
  const llm = new voice.testing.FakeLLM([
    { input: 'go', toolCalls: [{ name: fn.name, args: { id: 'A-1' } }] },
  ]);
  const session = new voice.AgentSession({ llm, vad: null, turnHandling: { turnDetection: null } });
  sessions.push(session);
  await session.start({ agent });
  return session;
}

async function runOnce(fn: RuntimeFunction, observer: ToolCallObserver) {
  const session = await startSession(fn, observer);
  return session.run({ userInput: 'go' }).wait();
}

/** A function that waits until the test lets it finish, noting whether its signal was aborted. */
function gatedFunction(name: string, mutates: boolean) {
  let started: () => void = () => {};
  let release: () => void = () => {};
  const isStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen = { aborted: false, finished: false };
  const fn = runtimeFunction(
    name,
    async (_args, signal) => {
      started();
      await Promise.race([
        gate,
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      ]);
      seen.aborted = signal.aborted;
      seen.finished = true;
      return { done: name };
    },
    mutates,
  );
  return { fn, isStarted, release, seen };
}

function recordingObserver() {
  const events: unknown[] = [];
  const observer: ToolCallObserver = {
    startToolCall: (call) => void events.push(['start', call]),
    finishToolCall: (call) => void events.push(['finish', call]),
  };
  return { events, observer };
}

describe('wrapped functions', () => {
  it('hide internal failures from the model and the record', async () => {
    const { events, observer } = recordingObserver();
    const result = await runOnce(
      runtimeFunction('leaky', async () => {
        throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db');
      }),
      observer,
    );
    result.expect.nextEvent().isFunctionCall({ name: 'leaky' });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toBe(GENERIC_TOOL_FAILURE);
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(events).toEqual([
      [
        'start',
        {
          toolCallId: 'fake_call_0',
          functionName: 'leaky',
          toolId: 'tool-1',
          arguments: { id: 'A-1' },
          // The turn the call belongs to (its latency counts the function's time).
          speechId: expect.stringMatching(/^speech_/),
        },
      ],
      ['finish', { toolCallId: 'fake_call_0', result: { error: GENERIC_TOOL_FAILURE }, isError: true }],
    ]);
  });

  it('pass a ToolCallError to the model verbatim', async () => {
    const { observer } = recordingObserver();
    const result = await runOnce(
      runtimeFunction('picky', async () => {
        throw new ToolCallError('The date must be in the future');
      }),
      observer,
    );
    result.expect.nextEvent().isFunctionCall({ name: 'picky' });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toBe('The date must be in the future');
  });

  it('hand the function the validated arguments and an abort signal, and report success', async () => {
    const { events, observer } = recordingObserver();
    let received: { args: unknown; signal: unknown } | undefined;
    const result = await runOnce(
      runtimeFunction('quiet', async (args, signal) => {
        received = { args, signal };
        return undefined;
      }),
      observer,
    );
    result.expect.nextEvent().isFunctionCall({ name: 'quiet' });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: false }).event().item;
    expect(JSON.parse(output.output)).toEqual({ ok: true });
    expect(received?.args).toEqual({ id: 'A-1' });
    expect(received?.signal).toBeInstanceOf(AbortSignal);
    expect(events.at(-1)).toEqual([
      'finish',
      { toolCallId: 'fake_call_0', result: { ok: true }, isError: false },
    ]);
  });

  it('let a function that changes things finish when the caller interrupts, and record its result', async () => {
    const { events, observer } = recordingObserver();
    const booking = gatedFunction('book', true);
    const session = await startSession(booking.fn, observer);
    const turn = session.run({ userInput: 'go' });
    await booking.isStarted;
    session.interrupt();
    booking.release();
    await expect.poll(() => events.length).toBe(2);
    expect(booking.seen).toEqual({ aborted: false, finished: true });
    expect(events.at(-1)).toEqual([
      'finish',
      { toolCallId: 'fake_call_0', result: { done: 'book' }, isError: false },
    ]);
    await turn.wait().catch(() => {});
    // The SDK dropped the output when the turn was interrupted; the model still learns the booking was made.
    await expect
      .poll(() =>
        session.currentAgent.chatCtx.items.find(
          (item) => item.type === 'function_call_output' && item.callId === 'fake_call_0',
        ),
      )
      .toMatchObject({ output: JSON.stringify({ done: 'book' }), isError: false });
  });

  it('cancel a read-only function when the caller interrupts', async () => {
    const { events, observer } = recordingObserver();
    const lookup = gatedFunction('lookup', false);
    const session = await startSession(lookup.fn, observer);
    const turn = session.run({ userInput: 'go' });
    await lookup.isStarted;
    session.interrupt();
    await expect.poll(() => events.length).toBe(2);
    lookup.release();
    expect(lookup.seen.finished).toBe(false);
    expect(events.at(-1)).toEqual([
      'finish',
      { toolCallId: 'fake_call_0', result: { error: INTERRUPTED_MESSAGE }, isError: true },
    ]);
    await turn.wait().catch(() => {});
  });
});

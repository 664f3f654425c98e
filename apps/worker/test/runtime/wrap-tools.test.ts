import { initializeLogger, voice } from '@livekit/agents';
import type { RuntimeFunction } from '@switchboard/core/runtime/load-agent-runtime';
import { ToolCallError } from '@switchboard/tools/tool-function';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERIC_TOOL_FAILURE, type ToolCallObserver, wrapTools } from '../../src/runtime/wrap-tools.ts';

initializeLogger({ pretty: false, level: 'warn' });

const parameters = { type: 'object' as const, properties: { id: { type: 'string' } }, required: ['id'] };

/** A function as loadAgentRuntime hands it over, with a body chosen by the test. */
function runtimeFunction(name: string, execute: RuntimeFunction['execute']): RuntimeFunction {
  return { name, description: `${name} by id`, parameters, execute, toolId: 'tool-1', toolName: 'Test' };
}

const sessions: voice.AgentSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
});

async function runOnce(fn: RuntimeFunction, observer: ToolCallObserver) {
  const agent = new voice.Agent({ instructions: 'Test agent.', tools: wrapTools([fn], { observer }) });
  const llm = new voice.testing.FakeLLM([
    { input: 'go', toolCalls: [{ name: fn.name, args: { id: 'A-1' } }] },
  ]);
  const session = new voice.AgentSession({ llm, vad: null, turnHandling: { turnDetection: null } });
  sessions.push(session);
  await session.start({ agent });
  return session.run({ userInput: 'go' }).wait();
}

function recordingObserver() {
  const events: unknown[] = [];
  const observer: ToolCallObserver = {
    startToolCall: async (call) => void events.push(['start', call]),
    finishToolCall: async (call) => void events.push(['finish', call]),
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
        { toolCallId: 'fake_call_0', functionName: 'leaky', toolId: 'tool-1', arguments: { id: 'A-1' } },
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
});

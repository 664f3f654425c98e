import { initializeLogger, voice } from '@livekit/agents';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallControl } from '../src/runtime/call-control.ts';
import { type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';

initializeLogger({ pretty: false, level: 'warn' });

let db: TestDatabase;
let seeded: SeededAgent;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
});
afterAll(async () => {
  await egress.close();
  await db.destroy();
});

/** The agent's saved configuration as the worker loads it, and the call session built from it as entry.ts does. */
async function sessionFor(version: number): Promise<{ thinkingSound: boolean; call: CallSession }> {
  let call: CallSession | undefined;
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version },
    createCallControl(() => call, undefined),
  );
  const callId = await seedCall(db.owner, seeded);
  call = createCallSession({
    model: { kind: 'text', llm: new voice.testing.FakeLLM([]) },
    recorder: createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId }),
    maxDurationSeconds: 900,
    silenceTimeoutSeconds: 600,
    thinkingSound: runtime.agent.config.thinkingSound,
  });
  return { thinkingSound: runtime.agent.config.thinkingSound, call };
}

describe('the agent’s thinking-sound setting', () => {
  it('is on for versions saved before the setting existed, and off where the agent turned it off', async () => {
    // Version 1 was stored without the field, like every version saved before it existed.
    const before = await sessionFor(1);
    expect(before.thinkingSound).toBe(true);
    expect(before.call.thinkingCue).toBeDefined();
    before.call.end('caller_hung_up');
    await before.call.ended;

    const stored = await db.owner
      .selectFrom('agentVersions')
      .select('config')
      .where('agentId', '=', seeded.agentId)
      .executeTakeFirstOrThrow();
    await db.owner
      .insertInto('agentVersions')
      .values({
        organizationId: seeded.organizationId,
        agentId: seeded.agentId,
        version: 2,
        config: JSON.stringify({ ...(stored.config as object), thinkingSound: false }),
      })
      .execute();
    const off = await sessionFor(2);
    expect(off.thinkingSound).toBe(false);
    expect(off.call.thinkingCue).toBeUndefined();
    off.call.end('caller_hung_up');
    await off.call.ended;
  });
});

import { voice } from '@livekit/agents';
import type { CallSession } from './call-session.ts';

type Room = NonNullable<Parameters<CallSession['start']>[0]['room']>;

// "instructions:" first, like the other goodbyes: one line LiveKit's FakeLLM can key on, plain to a real model.
export const REFUSAL_GOODBYE =
  'instructions: politely tell the caller that we cannot take their call right now and ask them to call again later; say goodbye.';

/**
 * An inbound call that was not admitted (no credits, a limit reached, the agent archived): the caller hears
 * a short polite refusal in the agent's voice, never the agent itself (no prompt, no tools), then the call
 * ends as `refused`. Nothing is billed (the session has no rate).
 */
export async function refuseCall(call: CallSession, room?: Room): Promise<void> {
  const agent = new voice.Agent({
    instructions:
      'You answer the phone only to say that the call cannot be taken right now. Be brief and kind.',
  });
  await call.start({ agent, ...(room && { room }) });
  call.end('refused', { goodbyeInstructions: REFUSAL_GOODBYE });
}

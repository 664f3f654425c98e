import { type llm, voice } from '@livekit/agents';

/** Resolves with the first conversation message the session adds that matches. */
export function nextMessage(
  session: voice.AgentSession,
  matches: (message: llm.ChatMessage) => boolean,
): Promise<llm.ChatMessage> {
  return new Promise((resolve) => {
    const listener = ({ item }: voice.ConversationItemAddedEvent) => {
      if (item.type === 'message' && matches(item)) {
        session.off(voice.AgentSessionEventTypes.ConversationItemAdded, listener);
        resolve(item);
      }
    };
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, listener);
  });
}

/** Resolves with the next close event of the session. */
export function nextClose(session: voice.AgentSession): Promise<voice.CloseEvent> {
  return new Promise((resolve) => session.once(voice.AgentSessionEventTypes.Close, resolve));
}

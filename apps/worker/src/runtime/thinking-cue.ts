import { voice } from '@livekit/agents';
import { END_CALL, TRANSFER_CALL } from '@switchboard/tools/kinds/call-control/call-control-functions';
import type { ToolCallObserver } from './wrap-tools.ts';

type Room = NonNullable<Parameters<voice.AgentSession['start']>[0]['room']>;

/** A function that answers within this long needs no cue: a short pause is natural in conversation. */
export const THINKING_CUE_DELAY_MS = 1_000;

/** Hanging up and transferring are not waits for an answer: no typing sound over a goodbye. */
const WITHOUT_CUE: ReadonlySet<string> = new Set([END_CALL.name, TRANSFER_CALL.name]);

export interface ThinkingCue {
  /** Hears of each function call as it starts and finishes (forwarded to the recorder by `withThinkingCue`). */
  readonly observer: ToolCallObserver;
  /** Plays the sound into the call's room from now on; without a room (text mode) there is nothing to play. */
  attach(room: Room, session: voice.AgentSession): Promise<void>;
  close(): Promise<void>;
}

export interface ThinkingCueOptions {
  delayMs?: number;
  /**
   * Starts the sound and returns how to stop it. Default: the SDK's keyboard-typing clip, looped, through a
   * BackgroundAudioPlayer on its own track (so the agent's voice is not touched).
   */
  play?: () => { stop(): void };
}

/**
 * A soft typing sound while a function the caller waits on runs past about a second, so a slow booking or
 * lookup is not dead air. It starts once any such function has run THINKING_CUE_DELAY_MS and stops when the
 * last one finishes. The SDK's own thinking sound follows the agent's "thinking" state, which is also every
 * model turn; this one follows the functions only.
 */
export function createThinkingCue({
  delayMs = THINKING_CUE_DELAY_MS,
  play,
}: ThinkingCueOptions = {}): ThinkingCue {
  let player: voice.BackgroundAudioPlayer | undefined;
  const sound =
    play ??
    (() =>
      player?.play({ source: voice.BuiltinAudioClip.KEYBOARD_TYPING, volume: 0.5 }, true) ?? {
        stop() {},
      });
  const running = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let playing: { stop(): void } | undefined;
  let closed = false;

  const quiet = () => {
    clearTimeout(timer);
    timer = undefined;
    playing?.stop();
    playing = undefined;
  };

  return {
    observer: {
      startToolCall({ toolCallId, functionName }) {
        if (closed || WITHOUT_CUE.has(functionName)) return;
        running.add(toolCallId);
        if (timer || playing) return;
        timer = setTimeout(() => {
          timer = undefined;
          if (running.size > 0 && !closed) playing = sound();
        }, delayMs);
        timer.unref();
      },
      finishToolCall({ toolCallId }) {
        if (running.delete(toolCallId) && running.size === 0) quiet();
      },
    },
    async attach(room, session) {
      if (play || closed) return;
      player = new voice.BackgroundAudioPlayer();
      await player.start({ room, agentSession: session });
    },
    async close() {
      closed = true;
      running.clear();
      quiet();
      await player?.close();
    },
  };
}

/** The recorder's observer, and the cue's when the agent has it on. */
export function withThinkingCue(observer: ToolCallObserver, cue: ThinkingCue | undefined): ToolCallObserver {
  if (!cue) return observer;
  return {
    startToolCall(call) {
      observer.startToolCall(call);
      cue.observer.startToolCall(call);
    },
    finishToolCall(call) {
      observer.finishToolCall(call);
      cue.observer.finishToolCall(call);
    },
  };
}

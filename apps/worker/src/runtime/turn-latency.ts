import type { metrics } from '@livekit/agents';
import type { TurnLatency } from '@switchboard/core/calls/call-recorder';

/** The turn latency of one call, gathered from the SDK's metrics and the tool calls, as it happens. */
export interface TurnLatencyTracker {
  /** One `MetricsCollected` event's metrics. */
  onMetrics(collected: metrics.AgentMetrics): void;
  toolStarted(toolCallId: string, speechId: string | undefined): void;
  toolFinished(toolCallId: string): void;
}

const ms = (value: number) => Math.max(0, Math.round(value));

/**
 * Folds the SDK's per-request metrics into turns, keyed by speech id (a realtime response has no speech
 * id; its request id stands in). A turn's latency is what the caller waits for: the end-of-utterance
 * decision (and transcript), the first token of the turn's first model request, the first audio of its
 * first synthesis (a realtime model's first audio token), and the time its functions ran. Later requests
 * of the same turn (the reply after a function's output) do not replace the first measures. Every change
 * is handed to `record` whole; the recorder queues it.
 */
export function createTurnLatencyTracker(
  record: (turn: TurnLatency) => void,
  now: () => number = () => performance.now(),
): TurnLatencyTracker {
  const turns = new Map<string, TurnLatency>();
  const runningTools = new Map<string, { speechId: string; startedAt: number }>();

  function update(speechId: string, change: (turn: TurnLatency) => void): void {
    let turn = turns.get(speechId);
    if (!turn) {
      turn = {
        speechId,
        endOfUtteranceMs: null,
        transcriptionMs: null,
        firstTokenMs: null,
        firstAudioMs: null,
        toolMs: 0,
        toolCalls: 0,
      };
      turns.set(speechId, turn);
    }
    change(turn);
    record({ ...turn });
  }

  return {
    onMetrics(collected) {
      switch (collected.type) {
        case 'eou_metrics': {
          // Both 0 when the SDK did not detect the end of speech: nothing was measured.
          const { speechId, endOfUtteranceDelayMs, transcriptionDelayMs, lastSpeakingTimeMs } = collected;
          if (!speechId || lastSpeakingTimeMs === 0) return;
          update(speechId, (turn) => {
            turn.endOfUtteranceMs = ms(endOfUtteranceDelayMs);
            turn.transcriptionMs = ms(transcriptionDelayMs);
          });
          return;
        }
        case 'llm_metrics': {
          const { speechId, ttftMs, cancelled } = collected;
          if (!speechId || cancelled || ttftMs < 0) return;
          if (turns.get(speechId)?.firstTokenMs != null) return;
          update(speechId, (turn) => {
            turn.firstTokenMs = ms(ttftMs);
          });
          return;
        }
        case 'tts_metrics': {
          const { speechId, ttfbMs, cancelled } = collected;
          if (!speechId || cancelled || ttfbMs < 0) return;
          if (turns.get(speechId)?.firstAudioMs != null) return;
          update(speechId, (turn) => {
            turn.firstAudioMs = ms(ttfbMs);
          });
          return;
        }
        case 'realtime_model_metrics': {
          // -1 when the response carried no audio.
          const { requestId, ttftMs } = collected;
          if (!requestId || ttftMs < 0) return;
          update(requestId, (turn) => {
            turn.firstAudioMs = ms(ttftMs);
          });
          return;
        }
        default:
          return;
      }
    },
    toolStarted(toolCallId, speechId) {
      if (speechId) runningTools.set(toolCallId, { speechId, startedAt: now() });
    },
    toolFinished(toolCallId) {
      const running = runningTools.get(toolCallId);
      if (!running) return;
      runningTools.delete(toolCallId);
      update(running.speechId, (turn) => {
        turn.toolMs += ms(now() - running.startedAt);
        turn.toolCalls += 1;
      });
    },
  };
}

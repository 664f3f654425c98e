import { inference, type llm, voice } from '@livekit/agents';
import type { END_REASONS } from '@switchboard/contracts/calls';
import type { CallRate } from '@switchboard/core/billing/call-rate';
import { type BillingLimit, billingLimitOf, type CallDebit } from '@switchboard/core/billing/meter-call';
import type { CallRecorder } from '@switchboard/core/calls/call-recorder';
import type { CallModel } from './create-model.ts';
import { createThinkingCue, type ThinkingCue, withThinkingCue } from './thinking-cue.ts';
import { createTurnLatencyTracker } from './turn-latency.ts';
import type { ToolCallObserver } from './wrap-tools.ts';

export type EndReason = (typeof END_REASONS)[number];

type Room = NonNullable<Parameters<voice.AgentSession['start']>[0]['room']>;

/** A model for a session without audio (tests, text chat): no VAD, no turn detection. */
export interface TextModel {
  kind: 'text';
  llm: llm.LLM;
}

export interface CallSessionOptions {
  model: CallModel | TextModel;
  recorder: CallRecorder;
  maxDurationSeconds: number;
  /** Caller and agent both silent this long ends the call. */
  silenceTimeoutSeconds: number;
  /** The agent's "thinking sound" setting: a cue while a function runs past about a second. */
  thinkingSound?: boolean | undefined;
  /** Failures of bookkeeping (finalizing, saying goodbye) that must not end the call. */
  onError?: ((error: unknown, what: string) => void) | undefined;
  /** How often duration and usage so far are written, so a crashed worker loses at most this much. */
  heartbeatIntervalMs?: number;
  /**
   * Metering (absent when BILLING_METERING is off): the seconds so far are debited with each heartbeat and
   * at the end; once the balance runs out or the call reaches its cost cap, it goes on for `graceSeconds`,
   * then the agent says goodbye and hangs up.
   */
  billing?: { rate: CallRate; graceSeconds: number } | undefined;
  /** Called once the call is finalized, whatever ended it; the worker ends the job here. */
  onEnded?: ((outcome: CallOutcome) => void | Promise<void>) | undefined;
  /** Milliseconds, for duration; injectable so tests need no clock. */
  now?: () => number;
}

export interface CallOutcome {
  endReason: EndReason;
  durationSeconds: number;
  /** False when someone had already finalized the call. */
  finalized: boolean;
}

export interface EndOptions {
  /** Instructions for a last reply before hanging up (spoken by the model). */
  goodbyeInstructions?: string;
  /** Fixed text spoken with text-to-speech, for when the model itself is what failed. */
  apology?: string;
}

export interface CallSession {
  readonly session: voice.AgentSession;
  /** Reports tool calls to the recorder, so they are written as they happen and before finalization. */
  readonly toolObserver: ToolCallObserver;
  /** The thinking sound, when the agent has it on; it plays only once started with a room. */
  readonly thinkingCue: ThinkingCue | undefined;
  start(options: { agent: voice.Agent; room?: Room }): Promise<void>;
  /** Ends the call after an optional last word. The first reason given wins; later calls do nothing. */
  end(reason: EndReason, options?: EndOptions): void;
  /**
   * The reason to record should the session close by itself before `end` is called: a phone transfer
   * hangs the caller up while it completes. `undefined` withdraws it (the transfer failed).
   */
  expectEnd(reason: EndReason | undefined): void;
  /** Settles once the call is finalized. */
  readonly ended: Promise<CallOutcome>;
}

// "instructions:" first, like the greeting: one line LiveKit's FakeLLM can key on, plain to a real model.
export const MAX_DURATION_GOODBYE =
  'instructions: the call has reached its time limit; tell the caller briefly and say goodbye.';
export const SILENCE_GOODBYE =
  'instructions: the caller has been silent for a while; say goodbye briefly, they can call again.';
export const BILLING_GOODBYES: Record<BillingLimit, string> = {
  credits_exhausted:
    'instructions: the organization has run out of call credits; tell the caller briefly that the call has to end now and say goodbye.',
  cost_cap_reached:
    'instructions: the call has reached its cost limit; tell the caller briefly that the call has to end now and say goodbye.',
};
export const MODEL_ERROR_APOLOGY =
  'Sorry, I am having a technical problem and have to end the call. Please call again later.';

/** How long a goodbye may take before the call is cut anyway. */
const GOODBYE_GRACE_MS = 15_000;

/** The sweeper reads a heartbeat older than a few of these as a worker that is gone. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

const CLOSE_REASONS: Record<string, EndReason> = {
  [voice.CloseReason.PARTICIPANT_DISCONNECTED]: 'caller_hung_up',
  [voice.CloseReason.ERROR]: 'model_error',
  [voice.CloseReason.JOB_SHUTDOWN]: 'room_closed',
};

/**
 * The AgentSession of one call, with what the platform adds around it: local turn handling (nothing calls
 * LiveKit Cloud), the duration and silence limits, the transcript and tool calls written as they happen
 * (queued by the recorder: nothing here waits for the database), a heartbeat with duration and usage so far,
 * metering with it (billing ending the call), per-turn latency from the SDK's metrics (queued the same way),
 * model errors ending the call, and exactly one finalization with duration, usage and the last debit.
 */
export function createCallSession(options: CallSessionOptions): CallSession {
  const {
    model,
    recorder,
    onError = () => {},
    now = () => performance.now(),
    heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS,
    billing,
  } = options;
  const session = new voice.AgentSession(sessionOptions(model, options.silenceTimeoutSeconds));

  let startedAt: number | undefined;
  let requestedEnd: EndReason | undefined;
  let expectedEnd: EndReason | undefined;
  let maxDurationTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let billingLimitTimer: NodeJS.Timeout | undefined;
  let debitedUpTo = 0;
  let finalizing: Promise<CallOutcome> | undefined;
  let resolveEnded: (outcome: CallOutcome) => void = () => {};
  const ended = new Promise<CallOutcome>((resolve) => {
    resolveEnded = resolve;
  });

  const thinkingCue = options.thinkingSound ? createThinkingCue() : undefined;
  const turnLatency = createTurnLatencyTracker((turn) => recorder.recordTurn(turn), now);
  const toolObserver: ToolCallObserver = withThinkingCue(
    {
      startToolCall: (call) => {
        recorder.startToolCall(call);
        turnLatency.toolStarted(call.toolCallId, call.speechId);
      },
      finishToolCall: (call) => {
        recorder.finishToolCall(call);
        turnLatency.toolFinished(call.toolCallId);
      },
    },
    thinkingCue,
  );
  const secondsSoFar = () =>
    startedAt === undefined ? 0 : Math.max(0, Math.round((now() - startedAt) / 1000));

  // The heartbeat's cadence and queue: a debit never waits in the conversation's path.
  function debitSoFar(seconds: number): void {
    if (!billing || seconds <= debitedUpTo) return;
    debitedUpTo = seconds;
    void recorder.debit(seconds, billing.rate).then(onDebited);
  }

  function onDebited(debit: CallDebit | null): void {
    if (!debit || !billing || billingLimitTimer || requestedEnd || finalizing) return;
    const limit = billingLimitOf(debit, billing.rate);
    if (!limit) return;
    billingLimitTimer = setTimeout(
      () => end(limit, { goodbyeInstructions: BILLING_GOODBYES[limit] }),
      billing.graceSeconds * 1000,
    );
    billingLimitTimer.unref();
  }

  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
    if (item.type !== 'message') return;
    const text = item.textContent?.trim();
    if (!text || (item.role !== 'user' && item.role !== 'assistant' && item.role !== 'system')) return;
    recorder.addTranscriptItem({ role: item.role, text, interrupted: item.interrupted });
  });

  session.on(voice.AgentSessionEventTypes.MetricsCollected, ({ metrics }) => turnLatency.onMetrics(metrics));

  session.on(voice.AgentSessionEventTypes.UserStateChanged, ({ newState }) => {
    if (newState === 'away') end('silence_timeout', { goodbyeInstructions: SILENCE_GOODBYE });
  });

  session.on(voice.AgentSessionEventTypes.Error, ({ error }) => {
    // Recoverable errors are retried by the SDK; anything else from the provider ends the call politely.
    if ('recoverable' in error && error.recoverable) return;
    end('model_error', { apology: MODEL_ERROR_APOLOGY });
  });

  session.on(voice.AgentSessionEventTypes.Close, ({ reason, error }) => {
    const endReason =
      requestedEnd ??
      expectedEnd ??
      (error ? 'model_error' : (CLOSE_REASONS[String(reason)] ?? 'room_closed'));
    void finalize(endReason);
  });

  function finalize(endReason: EndReason): Promise<CallOutcome> {
    finalizing ??= (async () => {
      clearTimeout(maxDurationTimer);
      clearTimeout(graceTimer);
      clearTimeout(billingLimitTimer);
      void thinkingCue?.close().catch((error: unknown) => onError(error, 'stop the thinking sound'));
      clearInterval(heartbeatTimer);
      const durationSeconds = secondsSoFar();
      // Bounded: waits for the recorder's queue, then writes the end, and gives up on a stalled database.
      let finalized = false;
      try {
        finalized = await recorder.finalize({
          endReason,
          durationSeconds,
          usage: session.usage,
          rate: billing?.rate,
        });
      } catch (error) {
        onError(error, 'finalize the call');
      }
      const outcome = { endReason, durationSeconds, finalized };
      resolveEnded(outcome);
      try {
        await options.onEnded?.(outcome);
      } catch (error) {
        onError(error, 'end the job');
      }
      return outcome;
    })();
    return finalizing;
  }

  function end(reason: EndReason, { goodbyeInstructions, apology }: EndOptions = {}): void {
    if (requestedEnd || finalizing) return;
    requestedEnd = reason;
    clearTimeout(maxDurationTimer);
    if (startedAt === undefined) {
      // Never started: there is no conversation to close, only a record to finish.
      void finalize(reason);
      return;
    }
    try {
      if (apology && session.tts) session.say(apology, { allowInterruptions: false });
      else if (goodbyeInstructions) {
        session.generateReply({ instructions: goodbyeInstructions, allowInterruptions: false });
      }
    } catch (error) {
      // The session is already closing or cannot speak; hang up without the last word.
      onError(error, 'say goodbye');
    }
    // Draining lets the last word play out; the grace timer cuts a goodbye that never ends.
    session.shutdown({ drain: true, reason });
    graceTimer = setTimeout(() => {
      try {
        session.interrupt({ force: true });
      } catch {
        // Already closed.
      }
    }, GOODBYE_GRACE_MS);
    graceTimer.unref();
  }

  return {
    session,
    toolObserver,
    thinkingCue,
    ended,
    end,
    expectEnd(reason) {
      expectedEnd = reason;
    },
    async start({ agent, room }) {
      await session.start({ agent, ...(room && { room }) });
      if (finalizing) {
        // Ended while starting (the job was stopped): the record is final, the session must not run on.
        session.shutdown({ drain: false, reason: requestedEnd ?? 'room_closed' });
        return;
      }
      if (room && thinkingCue) {
        await thinkingCue
          .attach(room, session)
          .catch((error: unknown) => onError(error, 'start the thinking sound'));
      }
      startedAt = now();
      maxDurationTimer = setTimeout(
        () => end('max_duration', { goodbyeInstructions: MAX_DURATION_GOODBYE }),
        options.maxDurationSeconds * 1000,
      );
      maxDurationTimer.unref();
      recorder.markStarted();
      heartbeatTimer = setInterval(() => {
        const durationSeconds = secondsSoFar();
        recorder.heartbeat({ durationSeconds, usage: session.usage });
        debitSoFar(durationSeconds);
      }, heartbeatIntervalMs);
      heartbeatTimer.unref();
    },
  };
}

function sessionOptions(
  model: CallModel | TextModel,
  silenceTimeoutSeconds: number,
): voice.AgentSessionOptions<unknown> {
  const common = { userAwayTimeout: silenceTimeoutSeconds };
  switch (model.kind) {
    case 'text':
      return { ...common, llm: model.llm, vad: null, turnHandling: { turnDetection: null } };
    case 'realtime':
      // The realtime model detects turns and barge-in on its server; pinned so no default detector is built.
      return {
        ...common,
        llm: model.llm,
        turnHandling: { turnDetection: 'realtime_llm', interruption: { mode: 'vad' } },
      };
    case 'pipeline':
      // Pinned: left unset, the SDK may pick LiveKit Cloud's turn detector (v1) and adaptive interruption.
      return {
        ...common,
        llm: model.llm,
        stt: model.stt,
        tts: model.tts,
        turnHandling: {
          turnDetection: new inference.TurnDetector({ version: 'v1-mini' }),
          interruption: { mode: 'vad' },
        },
      };
  }
}

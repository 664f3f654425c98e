import { END_CALL } from '@switchboard/tools/kinds/call-control/call-control-functions';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThinkingCue, THINKING_CUE_DELAY_MS, withThinkingCue } from '../../src/runtime/thinking-cue.ts';

/** Stands in for the audio output: counts what the cue started and stopped (text mode has no audio). */
function soundLog() {
  const log = { started: 0, stopped: 0 };
  const play = () => {
    log.started += 1;
    return {
      stop: () => {
        log.stopped += 1;
      },
    };
  };
  return { log, play };
}

const start = (toolCallId: string, functionName = 'book_appointment') => ({
  toolCallId,
  functionName,
  arguments: {},
});
const finish = (toolCallId: string) => ({ toolCallId, result: 'ok', isError: false });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the thinking sound while a function runs', () => {
  it('stays quiet for a function that answers within the delay', () => {
    const { log, play } = soundLog();
    const cue = createThinkingCue({ play });
    cue.observer.startToolCall(start('a'));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS - 1);
    cue.observer.finishToolCall(finish('a'));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS * 5);
    expect(log).toEqual({ started: 0, stopped: 0 });
  });

  it('plays once a function runs past the delay, until the last running one finishes', () => {
    const { log, play } = soundLog();
    const cue = createThinkingCue({ play });
    cue.observer.startToolCall(start('a'));
    cue.observer.startToolCall(start('b', 'check_availability'));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS);
    expect(log).toEqual({ started: 1, stopped: 0 });
    cue.observer.finishToolCall(finish('a'));
    expect(log.stopped).toBe(0);
    cue.observer.finishToolCall(finish('b'));
    expect(log).toEqual({ started: 1, stopped: 1 });

    // The next slow function starts it again.
    cue.observer.startToolCall(start('c'));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS);
    expect(log.started).toBe(2);
  });

  it('never plays over hanging up, and stops for good when the call ends', async () => {
    const { log, play } = soundLog();
    const cue = createThinkingCue({ play });
    cue.observer.startToolCall(start('bye', END_CALL.name));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS * 2);
    expect(log.started).toBe(0);

    cue.observer.startToolCall(start('a'));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS);
    await cue.close();
    expect(log).toEqual({ started: 1, stopped: 1 });
    cue.observer.startToolCall(start('late'));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS * 2);
    expect(log.started).toBe(1);
  });

  it('leaves the recorder’s observer as it is when the agent has the sound off', () => {
    const recorder = { startToolCall: vi.fn(), finishToolCall: vi.fn() };
    expect(withThinkingCue(recorder, undefined)).toBe(recorder);
    const { log, play } = soundLog();
    const both = withThinkingCue(recorder, createThinkingCue({ play }));
    both.startToolCall(start('a'));
    vi.advanceTimersByTime(THINKING_CUE_DELAY_MS);
    both.finishToolCall(finish('a'));
    expect(recorder.startToolCall).toHaveBeenCalledOnce();
    expect(recorder.finishToolCall).toHaveBeenCalledOnce();
    expect(log).toEqual({ started: 1, stopped: 1 });
  });
});

import type { CallTurn } from '@switchboard/contracts/calls';
import { Timer } from 'lucide-react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';

/** The segments of a turn's bar, in the order the caller waits through them. */
const SEGMENTS = [
  { key: 'endOfUtteranceMs', label: 'End of utterance', className: 'bg-slate-400' },
  { key: 'firstTokenMs', label: 'First token', className: 'bg-primary/70' },
  { key: 'audioAfterTokenMs', label: 'First audio', className: 'bg-emerald-500' },
  { key: 'toolMs', label: 'Tools', className: 'bg-amber-500' },
] as const;

type Segment = (typeof SEGMENTS)[number]['key'];

/**
 * A turn's waits as consecutive segments. The SDK measures first audio (text-to-speech time to first
 * byte) from the text it was handed, after the first token; a realtime model's first audio has no token
 * before it. Tool time is the functions the turn called.
 */
function segmentsOf(turn: CallTurn): Record<Segment, number> {
  return {
    endOfUtteranceMs: turn.endOfUtteranceMs ?? 0,
    firstTokenMs: turn.firstTokenMs ?? 0,
    audioAfterTokenMs: turn.firstAudioMs ?? 0,
    toolMs: turn.toolMs,
  };
}

const total = (turn: CallTurn) => Object.values(segmentsOf(turn)).reduce((sum, ms) => sum + ms, 0);
const ms = (value: number | null) => (value === null ? '–' : `${value} ms`);

/** Per turn: a compact bar (end of utterance → first token → first audio, then tools) and its figures. */
export function TurnTimeline({ turns }: { turns: CallTurn[] }) {
  const longest = Math.max(...turns.map(total), 1);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Timer className="size-4 text-muted" /> Turn latency
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3" data-testid="turn-timeline">
        {turns.length === 0 ? (
          <p className="text-sm text-muted">No turns were measured.</p>
        ) : (
          <>
            <ul className="flex flex-wrap gap-3 text-xs text-muted" aria-label="Legend">
              {SEGMENTS.map((segment) => (
                <li key={segment.key} className="flex items-center gap-1.5">
                  <span className={`inline-block size-2.5 rounded-sm ${segment.className}`} />
                  {segment.label}
                </li>
              ))}
            </ul>
            <ol className="grid gap-2">
              {turns.map((turn) => {
                const segments = segmentsOf(turn);
                const summary = `Turn ${turn.turnIndex}: end of utterance ${ms(turn.endOfUtteranceMs)}, first token ${ms(turn.firstTokenMs)}, first audio ${ms(turn.firstAudioMs)}, tools ${turn.toolMs} ms (${turn.toolCalls} calls)`;
                return (
                  <li
                    key={turn.turnIndex}
                    className="grid grid-cols-[3rem_1fr_auto] items-center gap-3 text-xs"
                    title={summary}
                  >
                    <span className="text-muted">#{turn.turnIndex}</span>
                    <div
                      className="flex h-3 overflow-hidden rounded-sm bg-subtle"
                      role="img"
                      aria-label={summary}
                    >
                      {SEGMENTS.map((segment) =>
                        segments[segment.key] > 0 ? (
                          <div
                            key={segment.key}
                            className={segment.className}
                            style={{ width: `${(segments[segment.key] / longest) * 100}%` }}
                          />
                        ) : null,
                      )}
                    </div>
                    <span className="tabular-nums text-muted">
                      {ms(turn.endOfUtteranceMs)} · {ms(turn.firstTokenMs)} · {ms(turn.firstAudioMs)}
                      {turn.toolCalls > 0 && ` · tools ${turn.toolMs} ms`}
                    </span>
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </CardContent>
    </Card>
  );
}

'use client';

import {
  BarVisualizer,
  LiveKitRoom,
  RoomAudioRenderer,
  TrackToggle,
  useConnectionState,
  useLocalParticipant,
  useTranscriptions,
  useVoiceAssistant,
} from '@livekit/components-react';
import type { WebCall } from '@switchboard/contracts/calls';
import { ConnectionState, Track } from 'livekit-client';
import { PhoneOff } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';

const STATE_LABEL: Record<string, string> = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  initializing: 'Agent joining…',
  listening: 'Listening',
  thinking: 'Thinking…',
  speaking: 'Speaking',
};

function Transcript() {
  const { localParticipant } = useLocalParticipant();
  const lines = useTranscriptions();
  const end = useRef<HTMLDivElement>(null);
  const count = lines.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView({ block: 'end' });
  }, [count]);
  return (
    <div
      className="grid max-h-72 min-h-32 content-start gap-2 overflow-y-auto rounded-lg bg-subtle p-3 text-sm"
      aria-live="polite"
    >
      {lines.length === 0 && <p className="text-muted">The conversation appears here as it happens.</p>}
      {lines.map((line) => {
        const mine = line.participantInfo.identity === localParticipant.identity;
        return (
          <p
            key={line.streamInfo.id}
            className={
              mine
                ? 'justify-self-end rounded-lg bg-primary px-3 py-1.5 text-primary-foreground'
                : 'rounded-lg bg-surface px-3 py-1.5 shadow-sm'
            }
          >
            {line.text}
          </p>
        );
      })}
      <div ref={end} />
    </div>
  );
}

function CallControls({ onHangUp }: { onHangUp: () => void }) {
  const connection = useConnectionState();
  const { state, audioTrack } = useVoiceAssistant();
  const label =
    connection === ConnectionState.Connected ? (STATE_LABEL[state] ?? state) : STATE_LABEL[connection];
  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between">
        <Badge
          tone={connection === ConnectionState.Connected ? 'success' : 'warning'}
          data-testid="call-state"
        >
          {label ?? connection}
        </Badge>
      </div>
      <div className="flex h-24 items-center justify-center rounded-lg bg-slate-900 [--lk-va-bar-width:12px] [--lk-va-bar-gap:6px] [&_.lk-audio-bar]:rounded-full [&_.lk-audio-bar]:bg-slate-600 [&_.lk-audio-bar[data-lk-highlighted=true]]:bg-indigo-400">
        <BarVisualizer
          state={state}
          barCount={7}
          trackRef={audioTrack}
          className="flex h-16 items-center gap-1.5"
        />
      </div>
      <Transcript />
      <div className="flex justify-center gap-3">
        <TrackToggle
          source={Track.Source.Microphone}
          className="inline-flex h-9 items-center gap-2 rounded-md border border-border px-4 text-sm shadow-sm hover:bg-subtle"
        >
          Microphone
        </TrackToggle>
        <Button variant="danger" onClick={onHangUp}>
          <PhoneOff /> Hang up
        </Button>
      </div>
    </div>
  );
}

/** The browser side of a call: joins the room with the issued token, plays the agent, sends the microphone. */
export function LiveCall({ call, onEnd }: { call: WebCall; onEnd: () => void }) {
  return (
    <LiveKitRoom serverUrl={call.url} token={call.token} connect audio video={false} onDisconnected={onEnd}>
      <RoomAudioRenderer />
      <CallControls onHangUp={onEnd} />
    </LiveKitRoom>
  );
}

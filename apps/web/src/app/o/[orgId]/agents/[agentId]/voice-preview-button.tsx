'use client';

import type { AgentModel } from '@switchboard/contracts/agents';
import type { VoicePreview } from '@switchboard/contracts/voice-previews';
import { useQuery } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { client, errorMessage } from '@/lib/api';
import { useCurrentOrganization } from '@/lib/use-current-organization';

const POLL_MS = 1000;
/** A preview still generating after this long is reported as slow; asking again picks up where it is. */
const GIVE_UP_MS = 90_000;

/**
 * "Play" beside the voice picker: the chosen voice saying the sample sentence. Shown only where this
 * installation has the provider's key; the first play of a voice anywhere has the worker tier generate it
 * (Generating…), every later one plays it from the cache (docs/dashboard.md "Voice previews").
 */
export function VoicePreviewButton({ provider, voice }: { provider: AgentModel['provider']; voice: string }) {
  const { orgId } = useCurrentOrganization();
  const providers = useQuery({
    queryKey: ['orgs', orgId, 'voice-previews'],
    queryFn: () => client.GET('/orgs/{orgId}/voice-previews', { params: { path: { orgId } } }),
    staleTime: Infinity,
  });
  const [state, setState] = useState<'idle' | 'generating' | 'ready'>('idle');
  const [src, setSrc] = useState<string>();
  const [error, setError] = useState<string>();
  const audio = useRef<HTMLAudioElement>(null);
  const current = `${provider}/${voice}`;
  const asked = useRef(current);

  // Another voice chosen: what was playing or generating belongs to the previous one.
  useEffect(() => {
    asked.current = current;
    setState('idle');
    setSrc(undefined);
    setError(undefined);
  }, [current]);

  useEffect(() => {
    // The browser may refuse to start audio once the click is long past (a slow first generation): the
    // player's own controls are there then.
    if (src) audio.current?.play().catch(() => undefined);
  }, [src]);

  if (!providers.data?.providers[provider]?.available) return null;

  async function play() {
    const key = current;
    setError(undefined);
    setState('generating');
    try {
      let preview: VoicePreview = await client.POST('/orgs/{orgId}/voice-previews', {
        params: { path: { orgId } },
        body: { provider, voice },
      });
      const started = Date.now();
      while (preview.status === 'pending' && Date.now() - started < GIVE_UP_MS && asked.current === key) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        preview = await client.GET('/orgs/{orgId}/voice-previews/{provider}/{voice}', {
          params: { path: { orgId, provider, voice } },
        });
      }
      if (asked.current !== key) return;
      if (preview.status === 'ready' && preview.audioUrl) {
        setSrc(preview.audioUrl);
        setState('ready');
        if (src === preview.audioUrl) audio.current?.play().catch(() => undefined);
        return;
      }
      setState('idle');
      setError(
        preview.status === 'failed'
          ? `The preview could not be made: ${preview.error ?? 'unknown error'}. Try again.`
          : 'The preview is taking longer than usual; try again in a minute.',
      );
    } catch (failure) {
      if (asked.current !== key) return;
      setState('idle');
      setError(errorMessage(failure));
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
      <Button
        variant="outline"
        size="sm"
        onClick={play}
        loading={state === 'generating'}
        aria-label={`Play a preview of the voice ${voice}`}
      >
        {state !== 'generating' && <Play aria-hidden />}
        {state === 'generating' ? 'Generating…' : 'Play'}
      </Button>
      {/* biome-ignore lint/a11y/useMediaCaption: a spoken sample sentence; the sentence is the caption. */}
      <audio
        ref={audio}
        src={src}
        controls={src !== undefined}
        hidden={src === undefined}
        className="h-8"
        data-testid="voice-preview-audio"
      />
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

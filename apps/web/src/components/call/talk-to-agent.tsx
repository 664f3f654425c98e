'use client';

import type { WebCall } from '@switchboard/contracts/calls';
import { useQueryClient } from '@tanstack/react-query';
import { Phone } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { client, errorMessage } from '@/lib/api';
import { useInstallation } from '@/lib/installation';
import { useCallReadiness } from '@/lib/queries';

// LiveKit's client touches browser APIs as it loads: never on the server.
const LiveCall = dynamic(() => import('./live-call').then((module) => module.LiveCall), { ssr: false });

/**
 * "Talk to agent": a browser call when the API would admit one. Otherwise the reason shows before anyone
 * presses: without voice the dialog lists exactly what an operator must set; for anything about this agent
 * (its model provider has no key here, it is archived, no credits) the button is off with the reason beside it.
 */
export function TalkToAgent({
  orgId,
  agentId,
  disabled,
}: {
  orgId: string;
  agentId: string;
  disabled: boolean;
}) {
  const queryClient = useQueryClient();
  const installation = useInstallation();
  const [open, setOpen] = useState(false);
  const [call, setCall] = useState<WebCall>();
  const [error, setError] = useState<string>();
  const voice = installation?.voice;
  const readiness = useCallReadiness(orgId, agentId);
  const agentProblems =
    readiness.data?.problems.filter((problem) => problem.code !== 'VOICE_NOT_CONFIGURED') ?? [];
  // Without voice the dialog lists everything to set, this agent's problems included; with voice, the first
  // problem of this agent turns the button off and says why.
  const blocker = voice?.configured ? agentProblems[0] : undefined;

  async function start() {
    setOpen(true);
    setError(undefined);
    if (!voice?.configured) return;
    try {
      setCall(
        await client.POST('/orgs/{orgId}/agents/{agentId}/calls/web', {
          params: { path: { orgId, agentId } },
        }),
      );
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  function end() {
    setCall(undefined);
    setOpen(false);
    void queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'calls'] });
  }

  return (
    <>
      <div className="grid justify-items-start gap-1">
        <Button
          size="sm"
          onClick={() => void start()}
          disabled={disabled || blocker !== undefined}
          aria-describedby={blocker ? 'call-blocker' : undefined}
        >
          <Phone /> Talk to agent
        </Button>
        {blocker && (
          <p id="call-blocker" className="max-w-xs text-xs text-muted" data-testid="call-blocker">
            {blocker.message}
          </p>
        )}
      </div>
      <Dialog open={open} onOpenChange={(next) => !next && end()}>
        <DialogContent
          title={voice?.configured ? 'Talking to your agent' : 'Voice is not configured'}
          description={
            voice?.configured
              ? 'Allow the microphone when your browser asks; the agent greets you as soon as it joins.'
              : 'Calls need a LiveKit project and a model provider. An operator sets these and restarts Switchboard:'
          }
          className="max-w-lg"
        >
          {!voice?.configured && (
            <ul className="grid gap-1 text-sm" data-testid="voice-missing">
              {voice?.missing.map((name) => (
                <li key={name}>
                  <code className="rounded bg-subtle px-1.5 py-0.5 text-xs">{name}</code>
                </li>
              ))}
            </ul>
          )}
          {!voice?.configured &&
            agentProblems.map((problem) => (
              <Alert key={problem.code} tone="info">
                {problem.message}
              </Alert>
            ))}
          {error && <Alert tone="danger">{error}</Alert>}
          {call && <LiveCall call={call} onEnd={end} />}
        </DialogContent>
      </Dialog>
    </>
  );
}

'use client';

import type { Call } from '@switchboard/contracts/calls';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type KeyboardEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useFormState } from '@/lib/use-form-state';

/** `name=value` lines as the call's variables ({{name}} in the prompt and greeting). */
function parseVariables(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) variables[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return variables;
}

/** Places an outbound phone call with this agent (POST /calls/outbound); the call's progress is in Calls. */
export function OutboundCallCard({ orgId, agentId }: { orgId: string; agentId: string }) {
  const queryClient = useQueryClient();
  const [toNumber, setToNumber] = useState('');
  const [variables, setVariables] = useState('');
  const [placed, setPlaced] = useState<Call>();
  const { pending, formError, fieldErrors, run } = useFormState();

  function call() {
    void run(async () => {
      const started = await client.POST('/orgs/{orgId}/calls/outbound', {
        params: { path: { orgId } },
        body: { agentId, toNumber, variables: parseVariables(variables) },
      });
      setPlaced(started);
      await queryClient.invalidateQueries({ queryKey: keys.calls(orgId) });
    });
  }

  // The card sits inside the agent's form (a form cannot hold another): Enter in the number places the call,
  // never saves the agent.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (!pending && toNumber) call();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Call a phone number</CardTitle>
        <CardDescription>The agent calls out from one of your numbers (Phone numbers page).</CardDescription>
      </CardHeader>
      <CardContent>
        <div className="grid gap-4">
          <Field
            id="outbound-to"
            label="Number to call"
            error={fieldErrors.toNumber}
            hint="E.164, e.g. +14155550123"
          >
            <Input
              id="outbound-to"
              value={toNumber}
              inputMode="tel"
              aria-invalid={Boolean(fieldErrors.toNumber)}
              onChange={(event) => setToNumber(event.target.value.trim())}
              onKeyDown={onKeyDown}
            />
          </Field>
          <Field
            id="outbound-variables"
            label="Variables (optional)"
            error={Object.entries(fieldErrors).find(([key]) => key.startsWith('variables'))?.[1]}
            hint="One name=value per line; {{name}} in the prompt and greeting is replaced."
          >
            <Textarea
              id="outbound-variables"
              className="min-h-16 font-mono text-sm"
              value={variables}
              onChange={(event) => setVariables(event.target.value)}
            />
          </Field>
          {formError && <Alert tone="danger">{formError}</Alert>}
          {placed && (
            <Alert tone="success">
              Calling {placed.phone?.toNumber}.{' '}
              <Link className="underline" href={`/o/${orgId}/calls/${placed.id}`}>
                Follow the call
              </Link>
            </Alert>
          )}
          <div>
            <Button type="button" disabled={pending || !toNumber} onClick={call}>
              {pending ? 'Placing the call…' : 'Call'}
            </Button>
          </div>
        </div>
      </CardContent>
    </Card>
  );
}

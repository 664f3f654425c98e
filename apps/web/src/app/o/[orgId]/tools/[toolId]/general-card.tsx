'use client';

import type { CallControlConfig, HttpAuth, HttpToolConfig, Tool } from '@switchboard/contracts/tools';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';
import { headersToText, textToHeaders } from './headers-text';
import { useUpdateTool } from './use-update-tool';

/** How the tool signs its requests, in words, naming the secrets it is built from. */
function describeAuth(auth: HttpAuth): string {
  switch (auth.type) {
    case 'api_key':
      return `API key in the ${auth.in} "${auth.name}" (secret ${auth.secret})`;
    case 'bearer':
      return `Bearer token (secret ${auth.secret})`;
    case 'basic':
      return `HTTP basic (secrets ${auth.usernameSecret} and ${auth.passwordSecret})`;
    case 'oauth2_client_credentials':
      return `OAuth2 client credentials from ${auth.tokenUrl} (secrets ${auth.clientIdSecret} and ${auth.clientSecretSecret})`;
  }
}

/** The tool's name, plus what its kind shares across functions (HTTP headers, the transfer number). */
export function GeneralCard({ orgId, tool, canWrite }: { orgId: string; tool: Tool; canWrite: boolean }) {
  const updateTool = useUpdateTool(orgId, tool.id);
  const saved = {
    name: tool.name,
    headers: tool.kind === 'http' ? headersToText((tool.config as HttpToolConfig).headers) : '',
    transferNumber:
      tool.kind === 'call_control' ? ((tool.config as CallControlConfig).transferNumber ?? '') : '',
  };
  const [name, setName] = useState(saved.name);
  const [headers, setHeaders] = useState(saved.headers);
  const [transferNumber, setTransferNumber] = useState(saved.transferNumber);
  useUnsavedChanges(
    name !== saved.name || headers !== saved.headers || transferNumber !== saved.transferNumber,
  );
  const { pending, formError, fieldErrors, run } = useFormState();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const config =
        tool.kind === 'http'
          ? { ...(tool.config as HttpToolConfig), headers: textToHeaders(headers) }
          : tool.kind === 'call_control'
            ? transferNumber.trim()
              ? { transferNumber: transferNumber.trim() }
              : {}
            : undefined;
      await updateTool({ name, ...(config && { config }) });
      toast.success('Tool saved');
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>General</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field id="tool-name" label="Name" error={fieldErrors.name}>
            <Input
              id="tool-name"
              value={name}
              disabled={!canWrite}
              onChange={(event) => setName(event.target.value)}
            />
          </Field>
          {tool.kind === 'http' && (
            <Field
              id="tool-headers"
              label="Headers for every function"
              hint="One per line, e.g. Authorization: Bearer {{secrets.api_key}}"
            >
              <Textarea
                id="tool-headers"
                className="min-h-16 font-mono text-xs"
                value={headers}
                disabled={!canWrite}
                onChange={(event) => setHeaders(event.target.value)}
              />
            </Field>
          )}
          {tool.kind === 'http' && (tool.config as HttpToolConfig).auth && (
            <p className="text-sm" data-testid="tool-auth">
              <span className="font-medium">Authentication:</span>{' '}
              {describeAuth((tool.config as HttpToolConfig).auth as HttpAuth)}
            </p>
          )}
          {tool.kind === 'call_control' && (
            <Field
              id="transfer-number"
              label="Transfer number"
              error={fieldErrors['config.transferNumber']}
              hint="E.164, e.g. +14155550123. Without one, agents can only end calls."
            >
              <Input
                id="transfer-number"
                value={transferNumber}
                disabled={!canWrite}
                onChange={(event) => setTransferNumber(event.target.value)}
              />
            </Field>
          )}
          {formError && <Alert tone="danger">{formError}</Alert>}
        </CardContent>
        {canWrite && (
          <CardFooter>
            <Button type="submit" loading={pending}>
              Save
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}

'use client';

import type { CreateToolInput } from '@switchboard/contracts/tools';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardFooter } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';

/** The secret the credential is stored under: one per MCP tool. */
const SECRET = 'mcp_token';

type AuthChoice = 'none' | 'bearer' | 'header';

const DEFAULT_AUTH: AuthChoice = 'bearer';
const DEFAULT_HEADER = 'X-API-Key';

/**
 * Adds an MCP server: its URL and credential. The tool is created, then its tools are listed by the worker
 * tier (the credential never comes back to the browser); the tool's page shows the refresh.
 */
export default function NewMcpToolPage() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { orgId, organization, can } = useCurrentOrganization();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [auth, setAuth] = useState<AuthChoice>(DEFAULT_AUTH);
  const [headerName, setHeaderName] = useState(DEFAULT_HEADER);
  const [credential, setCredential] = useState('');
  const { pending, formError, fieldErrors, run } = useFormState();
  useUnsavedChanges(
    name !== '' || url !== '' || auth !== DEFAULT_AUTH || headerName !== DEFAULT_HEADER || credential !== '',
  );
  const canSetSecrets = can('tools:secrets');

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const withCredential = auth !== 'none' && credential !== '';
      const body: CreateToolInput = {
        kind: 'mcp',
        name: name.trim() || 'MCP server',
        config: {
          url: url.trim(),
          ...(auth === 'bearer' && { auth: { type: 'bearer', secret: SECRET } }),
          ...(auth === 'header' && { auth: { type: 'header', name: headerName.trim(), secret: SECRET } }),
        },
        ...(withCredential && { secrets: { [SECRET]: credential } }),
      };
      const tool = await client.POST('/orgs/{orgId}/tools', { params: { path: { orgId } }, body });
      const refresh = await client.POST('/orgs/{orgId}/tools/{toolId}/mcp-refreshes', {
        params: { path: { orgId, toolId: tool.id } },
      });
      await queryClient.invalidateQueries({ queryKey: keys.tools(orgId) });
      // The tool's page follows the refresh and shows its outcome.
      router.push(`/o/${orgId}/tools/${tool.id}?refresh=${refresh.id}`);
    });
  }

  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <Link
            href={`/o/${orgId}/tools/new`}
            className="mb-2 flex items-center gap-1 text-sm text-muted hover:text-foreground"
          >
            <ArrowLeft className="size-4" /> Add a tool
          </Link>
          <PageHeader
            title="Add an MCP server"
            description="A remote MCP server (Streamable HTTP, or the older SSE transport). Its tools become functions you switch on per agent."
          />
          <Card className="max-w-2xl">
            <form onSubmit={submit} noValidate>
              <CardContent className="grid gap-4 pt-6">
                <Field id="mcp-name" label="Name" error={fieldErrors.name}>
                  <Input
                    id="mcp-name"
                    value={name}
                    placeholder="Shop MCP"
                    onChange={(event) => setName(event.target.value)}
                  />
                </Field>
                <Field
                  id="mcp-url"
                  label="Server URL"
                  hint="The MCP endpoint, e.g. https://mcp.example.com/mcp (or its /sse endpoint)"
                  error={fieldErrors['config.url']}
                >
                  <Input
                    id="mcp-url"
                    type="url"
                    required
                    value={url}
                    aria-invalid={fieldErrors['config.url'] ? true : undefined}
                    onChange={(event) => setUrl(event.target.value)}
                  />
                </Field>
                <Field id="mcp-auth" label="Authentication">
                  <NativeSelect
                    id="mcp-auth"
                    value={auth}
                    onChange={(event) => setAuth(event.target.value as AuthChoice)}
                  >
                    <option value="bearer">Bearer token (Authorization header)</option>
                    <option value="header">API key in a header</option>
                    <option value="none">None</option>
                  </NativeSelect>
                </Field>
                {auth === 'header' && (
                  <Field id="mcp-header" label="Header name" error={fieldErrors['config.auth.name']}>
                    <Input
                      id="mcp-header"
                      value={headerName}
                      onChange={(event) => setHeaderName(event.target.value)}
                    />
                  </Field>
                )}
                {auth !== 'none' && (
                  <Field
                    id="mcp-credential"
                    label={auth === 'bearer' ? 'Token' : 'Header value'}
                    hint={
                      canSetSecrets
                        ? 'Stored encrypted; only the worker tier can read it, and only this server receives it.'
                        : 'Setting a credential needs the tools:secrets permission.'
                    }
                    error={fieldErrors[`secrets.${SECRET}`]}
                  >
                    <Input
                      id="mcp-credential"
                      type="password"
                      autoComplete="off"
                      disabled={!canSetSecrets}
                      value={credential}
                      onChange={(event) => setCredential(event.target.value)}
                    />
                  </Field>
                )}
                {formError && <Alert tone="danger">{formError}</Alert>}
              </CardContent>
              <CardFooter className="justify-start">
                <Button type="submit" disabled={pending || !can('tools:write')}>
                  Add and list its tools
                </Button>
              </CardFooter>
            </form>
          </Card>
        </>
      )}
    </OrganizationGate>
  );
}

'use client';

import type { McpToolConfig, Tool } from '@switchboard/contracts/tools';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { RefreshCw, Server } from 'lucide-react';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useFormState } from '@/lib/use-form-state';

/** The refresh the card started, polled until the worker tier has listed the server. */
function useMcpRefresh(orgId: string, toolId: string, refreshId: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    // Not under the tool's key: invalidating the tool below must not fetch the refresh again.
    queryKey: ['orgs', orgId, 'mcp-refreshes', refreshId],
    enabled: refreshId !== undefined,
    queryFn: async () => {
      const refresh = await client.GET('/orgs/{orgId}/tools/{toolId}/mcp-refreshes/{refreshId}', {
        params: { path: { orgId, toolId, refreshId: refreshId! } },
      });
      // The stored functions changed with it: the tool's page and the agents' editors show the new list.
      if (refresh.status === 'succeeded') {
        await queryClient.invalidateQueries({ queryKey: keys.tool(orgId, toolId) });
        await queryClient.invalidateQueries({ queryKey: keys.tools(orgId), exact: true });
      }
      return refresh;
    },
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 500 : false),
  });
}

function Changes({ changes }: { changes: { added: string[]; changed: string[]; removed: string[] } }) {
  const rows = [
    { label: 'Added', tone: 'success', names: changes.added },
    { label: 'Changed', tone: 'warning', names: changes.changed },
    { label: 'Removed', tone: 'danger', names: changes.removed },
  ] as const;
  if (rows.every((row) => row.names.length === 0))
    return <p className="text-sm text-muted">Nothing changed.</p>;
  return (
    <ul className="grid gap-1 text-sm" aria-label="Changes">
      {rows
        .filter((row) => row.names.length > 0)
        .map((row) => (
          <li key={row.label} className="flex flex-wrap items-center gap-2">
            <Badge tone={row.tone}>{row.label}</Badge>
            <span className="font-mono text-xs">{row.names.join(', ')}</span>
          </li>
        ))}
      {changes.removed.length > 0 && (
        <li className="text-muted">
          Agents that had a removed function switched on show it flagged in their editor; their calls leave it
          out.
        </li>
      )}
    </ul>
  );
}

/**
 * The MCP server: where it is, how Switchboard authenticates, and its tools as last listed. "Refresh
 * tools" asks the worker tier (which alone opens the credential) to list the server again.
 */
export function McpServerCard({ orgId, tool, canWrite }: { orgId: string; tool: Tool; canWrite: boolean }) {
  const config = tool.config as McpToolConfig;
  // Set when the page was opened right after adding the server: that first refresh is followed here.
  const [refreshId, setRefreshId] = useState(useSearchParams().get('refresh') ?? undefined);
  const refresh = useMcpRefresh(orgId, tool.id, refreshId);
  const { pending, formError, run } = useFormState();
  const isRunning = pending || refresh.data?.status === 'pending';

  function start() {
    void run(async () => {
      const started = await client.POST('/orgs/{orgId}/tools/{toolId}/mcp-refreshes', {
        params: { path: { orgId, toolId: tool.id } },
      });
      setRefreshId(started.id);
    });
  }

  const lastRefresh = config.lastRefresh;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Server className="size-4 text-muted" /> MCP server
        </CardTitle>
        <CardDescription>
          <span className="font-mono text-xs break-all">{config.url}</span>
          <br />
          {config.auth
            ? config.auth.type === 'bearer'
              ? `Bearer token (secret ${config.auth.secret})`
              : `Header "${config.auth.name}" (secret ${config.auth.secret})`
            : 'No credential'}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {canWrite && (
          <div className="flex items-center gap-3">
            <Button onClick={start} disabled={isRunning}>
              <RefreshCw className={isRunning ? 'animate-spin' : undefined} /> Refresh tools
            </Button>
            {isRunning && <span className="text-sm text-muted">Listing the server’s tools…</span>}
          </div>
        )}
        {formError && <Alert tone="danger">{formError}</Alert>}
        {refresh.data?.status === 'failed' && (
          <Alert tone="danger" title="The tools were not refreshed">
            {refresh.data.error}
          </Alert>
        )}
        {refresh.data?.status === 'succeeded' && refresh.data.result ? (
          <Alert tone="success" title={`Refreshed: ${refresh.data.result.count} functions`}>
            <Changes changes={refresh.data.result} />
          </Alert>
        ) : (
          lastRefresh && (
            <div className="grid gap-2">
              <p className="text-sm text-muted">Last refreshed {new Date(lastRefresh.at).toLocaleString()}</p>
              <Changes changes={lastRefresh.changes} />
            </div>
          )
        )}
        {tool.functions.length === 0 ? (
          <p className="text-sm text-muted">
            No functions yet: refresh to list the server’s tools. Each becomes a function you switch on per
            agent.
          </p>
        ) : (
          <ul className="grid gap-2" aria-label="Functions">
            {tool.functions.map((fn) => (
              <li key={fn.name} className="grid gap-0.5 rounded-md border border-border p-2 text-sm">
                <span className="font-mono text-xs font-medium">{fn.name}</span>
                <span className="text-muted">{fn.description}</span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

'use client';

import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { toast } from 'sonner';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { keys, useTool, useToolCatalog } from '@/lib/queries';
import { TOOL_STATUS } from '@/lib/tool-kinds';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { GeneralCard } from './general-card';
import { GoogleCalendarCard } from './google-calendar-card';
import { HttpFunctionsCard } from './http-functions-card';
import { McpServerCard } from './mcp-server-card';
import { SecretsCard } from './secrets-card';
import { TestPanel } from './test-panel';

/** What Google's redirect back reported, once, at the top of the page. */
function GoogleReturnNotice() {
  const params = useSearchParams();
  const error = params.get('google_error');
  if (error)
    return (
      <Alert tone="danger" title="Google was not connected">
        {error}
      </Alert>
    );
  if (params.get('google') === 'connected') return <Alert tone="success">Google account connected.</Alert>;
  return null;
}

export default function ToolPage() {
  const { toolId } = useParams<{ toolId: string }>();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { orgId, organization, can } = useCurrentOrganization();
  const tool = useTool(orgId, toolId);
  // A kind the installation no longer offers (Google without its OAuth client) cannot run: no Run to fail.
  const offered = useToolCatalog().data?.find((kind) => kind.kind === tool.data?.kind)?.available ?? false;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canWrite = can('tools:write');

  async function remove() {
    try {
      await client.DELETE('/orgs/{orgId}/tools/{toolId}', { params: { path: { orgId, toolId } } });
      await queryClient.invalidateQueries({ queryKey: keys.tools(orgId) });
      toast.success('Tool deleted');
      router.push(`/o/${orgId}/tools`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  return (
    <OrganizationGate organization={organization}>
      {() =>
        tool.error ? (
          <ErrorState error={tool.error} onRetry={() => void tool.refetch()} />
        ) : !tool.data ? (
          <LoadingState />
        ) : (
          <div className="grid gap-6">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
              <div className="grid gap-1">
                <Link
                  href={`/o/${orgId}/tools`}
                  className="flex items-center gap-1 text-sm text-muted hover:text-foreground"
                >
                  <ArrowLeft className="size-4" /> Tools
                </Link>
                <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight">
                  {tool.data.name}
                  <Badge tone={TOOL_STATUS[tool.data.status].tone}>
                    {TOOL_STATUS[tool.data.status].label}
                  </Badge>
                </h1>
              </div>
              {canWrite && (
                <Button variant="outline" size="sm" onClick={() => setConfirmDelete(true)}>
                  <Trash2 /> Delete tool
                </Button>
              )}
            </div>
            <Suspense>
              <GoogleReturnNotice />
            </Suspense>
            {tool.data.statusMessage && (
              <Alert tone={tool.data.status === 'broken' ? 'danger' : 'info'}>
                {tool.data.statusMessage}
              </Alert>
            )}
            <div className="grid gap-6 lg:grid-cols-2">
              <div className="grid content-start gap-6">
                <GeneralCard key={tool.data.updatedAt} orgId={orgId} tool={tool.data} canWrite={canWrite} />
                {(tool.data.kind === 'http' || tool.data.kind === 'mcp') && (
                  <SecretsCard orgId={orgId} tool={tool.data} canWrite={canWrite && can('tools:secrets')} />
                )}
                {tool.data.kind === 'google_calendar' && (
                  <GoogleCalendarCard
                    key={tool.data.updatedAt}
                    orgId={orgId}
                    tool={tool.data}
                    canWrite={canWrite}
                  />
                )}
              </div>
              <div className="grid content-start gap-6">
                {tool.data.kind === 'http' && (
                  <HttpFunctionsCard orgId={orgId} tool={tool.data} canWrite={canWrite} />
                )}
                {tool.data.kind === 'mcp' && (
                  // It reads ?refresh= (the refresh started when the server was added).
                  <Suspense>
                    <McpServerCard orgId={orgId} tool={tool.data} canWrite={canWrite} />
                  </Suspense>
                )}
                {/* Nothing to run before the Google account is connected: a run would only fail. */}
                {canWrite && offered && tool.data.status !== 'needs_connection' && (
                  <TestPanel
                    key={tool.data.functions.map((fn) => fn.name).join()}
                    orgId={orgId}
                    tool={tool.data}
                  />
                )}
              </div>
            </div>
            <Dialog open={confirmDelete} onOpenChange={setConfirmDelete}>
              <DialogContent
                title={`Delete ${tool.data.name}?`}
                description="Its secrets are destroyed. Agents that use it lose its functions on their next call."
              >
                <DialogFooter>
                  <Button variant="outline" onClick={() => setConfirmDelete(false)}>
                    Cancel
                  </Button>
                  <Button variant="danger" onClick={() => void remove()}>
                    Delete tool
                  </Button>
                </DialogFooter>
              </DialogContent>
            </Dialog>
          </div>
        )
      }
    </OrganizationGate>
  );
}

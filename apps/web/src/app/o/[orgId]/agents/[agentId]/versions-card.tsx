'use client';

import type { Agent, AgentVersion } from '@switchboard/contracts/agents';
import { useQueryClient } from '@tanstack/react-query';
import { History } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { formatTimestamp } from '@/lib/format';
import { keys, useAgentVersions, useTools } from '@/lib/queries';
import { confirmDiscard } from '@/lib/unsaved-changes';

// The changes and the restore check bring a line-diff library: loaded when someone asks for them.
const VersionChangesList = dynamic(() =>
  import('./version-changes-list').then((module) => module.VersionChangesList),
);

function Timestamp({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatTimestamp(iso)}</time>;
}

export function VersionsCard({ orgId, agent, canWrite }: { orgId: string; agent: Agent; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const versions = useAgentVersions(orgId, agent.id);
  const tools = useTools(orgId);
  const toolNames = new Map((tools.data ?? []).map((tool) => [tool.id, tool.name]));
  const [viewing, setViewing] = useState<AgentVersion>();
  const [emptying, setEmptying] = useState<{ version: number; fields: string[] }>();

  async function restore(version: number) {
    setEmptying(undefined);
    setViewing(undefined);
    // The restored version replaces the editor's form: unsaved edits would be lost without a word.
    if (!(await confirmDiscard())) return;
    try {
      const restored = await client.POST('/orgs/{orgId}/agents/{agentId}/versions/{version}/restore', {
        params: { path: { orgId, agentId: agent.id, version } },
      });
      toast.success(`Version ${version} restored as version ${restored.version}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await queryClient.invalidateQueries({ queryKey: keys.agent(orgId, agent.id) });
  }

  /** Restores at once, or first names the filled fields the older version would leave empty. */
  async function requestRestore(version: AgentVersion) {
    const { emptiedBy } = await import('./version-changes');
    const fields = emptiedBy(agent.config, version.config);
    if (fields.length > 0) {
      setViewing(undefined);
      setEmptying({ version: version.version, fields });
    } else {
      void restore(version.version);
    }
  }

  const previousOf = (version: AgentVersion) =>
    versions.data?.find((other) => other.version < version.version);
  const viewingPrevious = viewing && previousOf(viewing);

  return (
    <Card>
      <CardHeader className="border-b border-border">
        <CardTitle className="flex items-center gap-2">
          <History className="size-4 text-muted" /> History
        </CardTitle>
      </CardHeader>
      {versions.error ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : !versions.data ? (
        <LoadingState />
      ) : (
        <ul className="max-h-96 divide-y divide-border overflow-y-auto">
          {versions.data.map((version) => (
            <li key={version.version} className="grid gap-1.5 px-5 py-2.5 text-sm">
              <span className="flex items-center gap-2">
                <Badge tone={version.version === agent.version ? 'primary' : 'neutral'}>
                  v{version.version}
                </Badge>
                <span className="min-w-0 truncate text-xs text-muted">
                  {version.createdBy?.name ?? 'someone removed'}
                </span>
              </span>
              <span className="text-xs">
                <Timestamp iso={version.createdAt} />
              </span>
              <span className="flex gap-1">
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={`Changes in version ${version.version}`}
                  onClick={() => setViewing(version)}
                >
                  Changes
                </Button>
                {canWrite && version.version !== agent.version && (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Restore version ${version.version}`}
                    onClick={() => void requestRestore(version)}
                  >
                    Restore
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Dialog open={viewing !== undefined} onOpenChange={(open) => !open && setViewing(undefined)}>
        {viewing && (
          <DialogContent
            className="max-w-3xl"
            title={`Version ${viewing.version}`}
            description={
              <>
                Saved <Timestamp iso={viewing.createdAt} /> by {viewing.createdBy?.name ?? 'someone removed'}.{' '}
                {viewingPrevious
                  ? `Changes from version ${viewingPrevious.version}:`
                  : 'The first version: nothing before it to compare.'}
              </>
            }
          >
            {viewingPrevious && (
              <VersionChangesList before={viewingPrevious} after={viewing} toolNames={toolNames} />
            )}
            <DialogFooter>
              <Button variant="outline" onClick={() => setViewing(undefined)}>
                Close
              </Button>
              {canWrite && viewing.version !== agent.version && (
                <Button onClick={() => void requestRestore(viewing)}>
                  Restore version {viewing.version}
                </Button>
              )}
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
      <Dialog open={emptying !== undefined} onOpenChange={(open) => !open && setEmptying(undefined)}>
        {emptying && (
          <DialogContent
            title={`Restore version ${emptying.version}?`}
            description={`It leaves ${emptying.fields.length === 1 ? 'a field' : `${emptying.fields.length} fields`} empty that version ${agent.version} has filled: ${emptying.fields.join(', ')}. The current version stays in the history.`}
          >
            <DialogFooter>
              <Button variant="outline" onClick={() => setEmptying(undefined)}>
                Cancel
              </Button>
              <Button variant="danger" onClick={() => void restore(emptying.version)}>
                Restore and empty {emptying.fields.length === 1 ? 'it' : 'them'}
              </Button>
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
    </Card>
  );
}

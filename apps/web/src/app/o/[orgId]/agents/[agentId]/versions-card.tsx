'use client';

import type { Agent } from '@switchboard/contracts/agents';
import { useQueryClient } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { api, errorMessage } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { keys, useAgentVersions } from '@/lib/queries';

export function VersionsCard({ orgId, agent, canWrite }: { orgId: string; agent: Agent; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const versions = useAgentVersions(orgId, agent.id);

  async function restore(version: number) {
    try {
      const restored = await api<Agent>(`/orgs/${orgId}/agents/${agent.id}/versions/${version}/restore`, {
        method: 'POST',
      });
      toast.success(`Version ${version} restored as version ${restored.version}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await queryClient.invalidateQueries({ queryKey: keys.agent(orgId, agent.id) });
  }

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
            <li key={version.version} className="flex items-center gap-3 px-5 py-2.5 text-sm">
              <Badge tone={version.version === agent.version ? 'primary' : 'neutral'}>
                v{version.version}
              </Badge>
              <span className="grid min-w-0 flex-1">
                <span className="truncate">{formatDateTime(version.createdAt)}</span>
                <span className="truncate text-xs text-muted">
                  {version.createdBy?.name ?? 'someone removed'}
                </span>
              </span>
              {canWrite && version.version !== agent.version && (
                <Button variant="ghost" size="sm" onClick={() => void restore(version.version)}>
                  Restore
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

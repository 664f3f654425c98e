'use client';

import { Plus, Wrench } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { ResourceLinkRow } from '@/components/resource-link-row';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useTools } from '@/lib/queries';
import { TOOL_KIND_ICONS, TOOL_STATUS } from '@/lib/tool-kinds';
import { useCurrentOrganization } from '@/lib/use-current-organization';

export default function ToolsPage() {
  const { orgId, organization, can } = useCurrentOrganization();
  const tools = useTools(orgId);
  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <PageHeader
            title="Tools"
            description="Connections to your business systems. Agents use the functions you switch on for them."
            actions={
              can('tools:write') && (
                <Button asChild>
                  <Link href={`/o/${orgId}/tools/new`}>
                    <Plus /> Add tool
                  </Link>
                </Button>
              )
            }
          />
          <Card>
            {tools.error ? (
              <ErrorState error={tools.error} onRetry={() => void tools.refetch()} />
            ) : !tools.data ? (
              <LoadingState />
            ) : tools.data.length === 0 ? (
              <EmptyState icon={<Wrench />} title="No tools yet">
                Connect Google Calendar, describe your own HTTP API, or import an OpenAPI document.
              </EmptyState>
            ) : (
              <ul className="divide-y divide-border">
                {tools.data.map((tool) => (
                  <ResourceLinkRow
                    key={tool.id}
                    href={`/o/${orgId}/tools/${tool.id}`}
                    icon={TOOL_KIND_ICONS[tool.kind]}
                    title={tool.name}
                    facts={`${tool.functions.length} ${tool.functions.length === 1 ? 'function' : 'functions'}${tool.secrets.length > 0 ? ` · ${tool.secrets.length} secret${tool.secrets.length === 1 ? '' : 's'} set` : ''}`}
                    badge={
                      <Badge tone={TOOL_STATUS[tool.status].tone}>{TOOL_STATUS[tool.status].label}</Badge>
                    }
                    updatedAt={tool.updatedAt}
                  />
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </OrganizationGate>
  );
}

'use client';

import type { CreateToolInput, ToolKind } from '@switchboard/contracts/tools';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, FileCode2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { keys, useMe, useToolCatalog } from '@/lib/queries';
import { TOOL_KIND_ICONS, unavailableText } from '@/lib/tool-kinds';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { PresetSection } from './preset-section';

/**
 * A new tool of each kind; the API fills in every default, and Google starts in the organization's time
 * zone. An MCP server needs its URL first: its own page asks for it.
 */
function starterTool(kind: Exclude<ToolKind, 'mcp'>, timeZone: string): CreateToolInput {
  switch (kind) {
    case 'http':
      return { kind, name: 'My API', config: { functions: [] } };
    case 'google_calendar':
      return { kind, name: 'Google Calendar', config: { timeZone } };
    case 'call_control':
      return { kind, name: 'Call control' };
  }
}

export default function NewToolPage() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { orgId, organization } = useCurrentOrganization();
  const catalog = useToolCatalog();
  const isPlatformAdmin = useMe().data?.user.isPlatformAdmin ?? false;

  async function create(kind: Exclude<ToolKind, 'mcp'>) {
    try {
      const body = starterTool(kind, organization.data?.timeZone ?? 'UTC');
      const tool = await client.POST('/orgs/{orgId}/tools', { params: { path: { orgId } }, body });
      await queryClient.invalidateQueries({ queryKey: keys.tools(orgId) });
      router.push(`/o/${orgId}/tools/${tool.id}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <Link
            href={`/o/${orgId}/tools`}
            className="mb-2 flex items-center gap-1 text-sm text-muted hover:text-foreground"
          >
            <ArrowLeft className="size-4" /> Tools
          </Link>
          <PageHeader title="Add a tool" description="Pick what the agents should be able to reach." />
          {catalog.error ? (
            <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
          ) : !catalog.data ? (
            <LoadingState />
          ) : (
            <div className="grid gap-4 md:grid-cols-2">
              {catalog.data.map((kind) => (
                <Card key={kind.kind} className="flex flex-col">
                  <CardHeader>
                    <CardTitle className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted">
                      {TOOL_KIND_ICONS[kind.kind]} {kind.name}
                    </CardTitle>
                    <CardDescription>{kind.description}</CardDescription>
                  </CardHeader>
                  <CardContent className="grid flex-1 content-start gap-2 text-sm">
                    <p className="font-medium">Needs</p>
                    <ul className="list-disc pl-5 text-muted">
                      {kind.needs.map((need) => (
                        <li key={need}>{need}</li>
                      ))}
                    </ul>
                    {kind.functions.length > 0 && (
                      <>
                        <p className="mt-2 font-medium">Functions</p>
                        <p className="font-mono text-xs text-muted">
                          {kind.functions.map((fn) => fn.name).join(' · ')}
                        </p>
                      </>
                    )}
                    {!kind.available && (
                      <p className="mt-2 text-warning">{unavailableText(kind, isPlatformAdmin)}</p>
                    )}
                  </CardContent>
                  <CardFooter className="justify-start">
                    {kind.kind === 'mcp' ? (
                      <Button asChild>
                        <Link href={`/o/${orgId}/tools/mcp`}>Add {kind.name}</Link>
                      </Button>
                    ) : (
                      <Button
                        disabled={!kind.available}
                        onClick={() => kind.kind !== 'mcp' && void create(kind.kind)}
                      >
                        {kind.kind === 'http' ? 'Define functions by hand' : `Add ${kind.name}`}
                      </Button>
                    )}
                    {kind.kind === 'http' && (
                      <Button asChild variant="outline">
                        <Link href={`/o/${orgId}/tools/import`}>
                          <FileCode2 /> Import OpenAPI
                        </Link>
                      </Button>
                    )}
                  </CardFooter>
                </Card>
              ))}
            </div>
          )}
          <PresetSection orgId={orgId} />
        </>
      )}
    </OrganizationGate>
  );
}

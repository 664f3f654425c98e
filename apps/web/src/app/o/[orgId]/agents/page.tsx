'use client';

import type { Agent } from '@switchboard/contracts/agents';
import { useQueryClient } from '@tanstack/react-query';
import { Bot, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { ResourceLinkRow } from '@/components/resource-link-row';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { api } from '@/lib/api';
import { cn } from '@/lib/cn';
import { providerLabel } from '@/lib/models';
import { keys, useAgents } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';

function NewAgentDialog({ orgId }: { orgId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const { pending, formError, fieldErrors, run } = useFormState();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const agent = await api<Agent>(`/orgs/${orgId}/agents`, {
        method: 'POST',
        body: { name, greeting: 'Hello, thanks for calling {{organization_name}}. How can I help?' },
      });
      await queryClient.invalidateQueries({ queryKey: keys.agents(orgId) });
      router.push(`/o/${orgId}/agents/${agent.id}`);
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus /> New agent
        </Button>
      </DialogTrigger>
      <DialogContent title="New voice agent" description="You configure its prompt, voice and tools next.">
        <form className="grid gap-4" onSubmit={submit} noValidate>
          <Field id="agent-name" label="Name" error={fieldErrors.name}>
            <Input
              id="agent-name"
              placeholder="Front desk"
              value={name}
              aria-invalid={Boolean(fieldErrors.name)}
              onChange={(event) => setName(event.target.value)}
            />
          </Field>
          {formError && <Alert tone="danger">{formError}</Alert>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Create agent
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export default function AgentsPage() {
  const { orgId, organization, can } = useCurrentOrganization();
  const [status, setStatus] = useState<'active' | 'archived'>('active');
  const agents = useAgents(orgId, status);

  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <PageHeader
            title="Agents"
            description="Voice agents answer calls with their prompt, voice and tools."
            actions={can('agents:write') && <NewAgentDialog orgId={orgId} />}
          />
          <div className="mb-4 flex gap-1" role="tablist" aria-label="Agent status">
            {(['active', 'archived'] as const).map((value) => (
              <button
                key={value}
                type="button"
                role="tab"
                aria-selected={status === value}
                onClick={() => setStatus(value)}
                className={cn(
                  'rounded-md px-3 py-1.5 text-sm capitalize text-muted hover:text-foreground',
                  status === value && 'bg-surface font-medium text-foreground shadow-sm ring-1 ring-border',
                )}
              >
                {value}
              </button>
            ))}
          </div>
          <Card>
            {agents.error ? (
              <ErrorState error={agents.error} onRetry={() => void agents.refetch()} />
            ) : !agents.data ? (
              <LoadingState />
            ) : agents.data.length === 0 ? (
              <EmptyState icon={<Bot />} title={status === 'active' ? 'No agents yet' : 'No archived agents'}>
                {status === 'active' && 'Create an agent, give it a prompt and a greeting, and attach tools.'}
              </EmptyState>
            ) : (
              <ul className="divide-y divide-border">
                {agents.data.map((agent) => (
                  <ResourceLinkRow
                    key={agent.id}
                    href={`/o/${orgId}/agents/${agent.id}`}
                    icon={<Bot />}
                    iconClassName="bg-primary-soft text-primary"
                    title={agent.name}
                    facts={`${providerLabel(agent.config.model.provider)} · ${agent.config.model.voice} · ${agent.config.tools.reduce((count, tool) => count + tool.functions.length, 0)} functions`}
                    badge={<Badge>v{agent.version}</Badge>}
                    updatedAt={agent.updatedAt}
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

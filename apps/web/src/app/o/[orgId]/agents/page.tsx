'use client';

import type { AgentFromTemplate, AgentTemplateId } from '@switchboard/contracts/agent-templates';
import { useQueryClient } from '@tanstack/react-query';
import { Bot, Plus } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
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
import { Tabs, tabPanelProps } from '@/components/ui/tabs';
import { client } from '@/lib/api';
import { providerLabel } from '@/lib/models';
import { keys, useAgents } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';

const TemplateChoices = dynamic(() => import('./template-choices'), { loading: () => <LoadingState /> });

/** The dialog's second step when the template left something to do: what happened to each suggested tool. */
function TemplateResult({
  orgId,
  result,
  onOpen,
}: {
  orgId: string;
  result: AgentFromTemplate;
  onOpen: () => void;
}) {
  return (
    <div className="grid gap-4">
      <ul className="grid gap-2">
        {result.tools.map((note) => (
          <li key={`${note.kind}-${note.toolId ?? note.message}`}>
            <Alert tone={note.outcome === 'missing' ? 'danger' : 'success'}>
              {note.message}{' '}
              {note.toolId && (
                <Link className="text-primary underline" href={`/o/${orgId}/tools/${note.toolId}`}>
                  Open the tool
                </Link>
              )}
            </Alert>
          </li>
        ))}
      </ul>
      <DialogFooter>
        <Button onClick={onOpen}>Open “{result.agent.name}”</Button>
      </DialogFooter>
    </div>
  );
}

const DEFAULT_TEMPLATE: AgentTemplateId = 'blank';

function NewAgentDialog({ orgId }: { orgId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<AgentTemplateId>(DEFAULT_TEMPLATE);
  const [result, setResult] = useState<AgentFromTemplate | null>(null);
  const { pending, formError, fieldErrors, run } = useFormState();
  // Once created, the form is gone: what the template did closes without a question.
  const guard = useUnsavedChanges(!result && (name !== '' || template !== DEFAULT_TEMPLATE));

  function close() {
    setOpen(false);
    setResult(null);
    setName('');
    setTemplate(DEFAULT_TEMPLATE);
  }

  const openAgent = (agentId: string) => router.push(`/o/${orgId}/agents/${agentId}`);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const created = await client.POST('/orgs/{orgId}/agents/from-template', {
        params: { path: { orgId } },
        body: { template, name },
      });
      // The template may have created tools as well as the agent; the home checklist counts both.
      await queryClient.invalidateQueries({ queryKey: keys.organization(orgId) });
      if (created.tools.length === 0) openAgent(created.agent.id);
      else setResult(created);
    });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button>
          <Plus /> New agent
        </Button>
      </DialogTrigger>
      <DialogContent
        className="max-w-2xl"
        title={result ? `“${result.agent.name}” is ready to edit` : 'New voice agent'}
        description={
          result
            ? 'Its prompt and greeting come from the template. About its tools:'
            : 'Start from a template or from scratch; you can change everything next.'
        }
        onDismiss={() => guard(close)}
      >
        {result ? (
          <TemplateResult orgId={orgId} result={result} onOpen={() => openAgent(result.agent.id)} />
        ) : (
          <form className="grid gap-4" onSubmit={submit} noValidate>
            <TemplateChoices value={template} onChange={setTemplate} />
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
              <Button type="button" variant="outline" onClick={() => guard(close)}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                Create agent
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

const STATUS_TABS = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
] as const;

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
          <Tabs
            id="agent-status"
            label="Agent status"
            options={STATUS_TABS}
            value={status}
            onChange={setStatus}
          />
          <Card {...tabPanelProps('agent-status', status)}>
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

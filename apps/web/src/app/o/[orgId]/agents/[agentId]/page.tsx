'use client';

import type { Agent, AgentConfig } from '@switchboard/contracts/agents';
import { GREETING_VARIABLES } from '@switchboard/contracts/constants';
import { useQueryClient } from '@tanstack/react-query';
import { Archive, ArchiveRestore, ArrowLeft, Copy } from 'lucide-react';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { type FormEvent, Fragment, useEffect, useState } from 'react';
import { toast } from 'sonner';
import { TalkToAgent } from '@/components/call/talk-to-agent';
import { OrganizationGate } from '@/components/organization-gate';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { Textarea } from '@/components/ui/textarea';
import { client, errorMessage } from '@/lib/api';
import { formatCount } from '@/lib/format';
import { keys, useAgent } from '@/lib/queries';
import { confirmDiscard, useUnsavedChanges } from '@/lib/unsaved-changes';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';
import { type AgentField, agentFieldErrors, problemsOf } from './agent-fields';
import { AnalysisSection } from './analysis-section';
import { ChatCard } from './chat-card';
import type { checkAgentDraft } from './check-agent-draft';
import { FunctionsCard } from './functions-card';
import { LatencyCard } from './latency-card';
import { ModelSection } from './model-section';
import { OutboundCallCard } from './outbound-call-card';
import { PhoneSection } from './phone-section';
import { ToolsSection } from './tools-section';
import { VersionsCard } from './versions-card';

/** Brings a field with an error into view (clear of the Save bar) and focuses it. */
function focusField(field: AgentField) {
  const input = field.inputId ? document.getElementById(field.inputId) : null;
  input?.scrollIntoView({ block: 'center' });
  input?.focus({ preventScroll: true });
}

function AgentEditor({
  orgId,
  agent,
  canWrite,
  canCall,
  canReadCalls,
}: {
  orgId: string;
  agent: Agent;
  canWrite: boolean;
  canCall: boolean;
  canReadCalls: boolean;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AgentConfig>(agent.config);
  const { pending, formError, fieldErrors: serverErrors, run, setFieldErrors } = useFormState();
  const dirty = JSON.stringify(draft) !== JSON.stringify(agent.config);
  useUnsavedChanges(dirty);
  const update = (patch: Partial<AgentConfig>) => setDraft((current) => ({ ...current, ...patch }));
  const readOnly = !canWrite;
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.agents(orgId) });
  // After a refused save the draft is checked as it is edited, so each message goes once its field is fixed.
  // The check is loaded by the first Save (see check-agent-draft.ts); unset until then.
  const [checkDraft, setCheckDraft] = useState<typeof checkAgentDraft>();
  const fieldErrors = { ...agentFieldErrors(serverErrors), ...(checkDraft ? checkDraft(draft) : {}) };
  const problems = problemsOf(fieldErrors);
  // Bumped by a refused save: focus then goes to the first field with an error, once it has rendered.
  const [refused, setRefused] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a refused save moves the focus.
  useEffect(() => {
    if (refused > 0 && problems[0]) focusField(problems[0]);
  }, [refused]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const { checkAgentDraft } = await import('./check-agent-draft');
    setCheckDraft(() => checkAgentDraft);
    if (Object.keys(checkAgentDraft(draft)).length > 0) {
      setRefused((count) => count + 1);
      return;
    }
    void run(async () => {
      const saved = await client.PUT('/orgs/{orgId}/agents/{agentId}', {
        params: { path: { orgId, agentId: agent.id } },
        body: draft,
      });
      await refresh();
      toast.success(`Saved as version ${saved.version}`);
    }).then(() => setRefused((count) => count + 1));
  }

  function discard() {
    setDraft(agent.config);
    setCheckDraft(undefined);
    setFieldErrors({});
  }

  async function act(action: 'duplicate' | 'archive' | 'unarchive') {
    // Duplicating copies the saved agent and opens the copy: unsaved edits here would be left behind.
    if (action === 'duplicate' && !(await confirmDiscard())) return;
    try {
      const result = await client.POST(`/orgs/{orgId}/agents/{agentId}/${action}`, {
        params: { path: { orgId, agentId: agent.id } },
      });
      await refresh();
      if (action === 'duplicate') {
        toast.success(`Created ${result.name}`);
        router.push(`/o/${orgId}/agents/${result.id}`);
      } else {
        toast.success(action === 'archive' ? 'Agent archived' : 'Agent restored', {
          // Archiving is one click; undoing it is one more, for a while.
          ...(action === 'archive' && {
            description: 'New calls to it are refused until it is restored.',
            action: { label: 'Undo', onClick: () => void act('unarchive') },
            duration: 10_000,
          }),
        });
      }
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  return (
    <form onSubmit={save} noValidate className="grid gap-6 pb-20">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid gap-1">
          <Link
            href={`/o/${orgId}/agents`}
            className="flex items-center gap-1 text-sm text-muted hover:text-foreground"
          >
            <ArrowLeft className="size-4" /> Agents
          </Link>
          <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight">
            {agent.name}
            <Badge tone="primary">v{agent.version}</Badge>
            {agent.status === 'archived' && <Badge tone="warning">Archived</Badge>}
          </h1>
        </div>
        {(canWrite || canCall) && (
          <div className="flex flex-wrap gap-2">
            {canCall && <TalkToAgent orgId={orgId} agentId={agent.id} disabled={agent.status !== 'active'} />}
            {canWrite && (
              <Button type="button" variant="outline" size="sm" onClick={() => void act('duplicate')}>
                <Copy /> Duplicate
              </Button>
            )}
            {!canWrite ? null : agent.status === 'active' ? (
              <Button type="button" variant="outline" size="sm" onClick={() => void act('archive')}>
                <Archive /> Archive
              </Button>
            ) : (
              <Button type="button" variant="outline" size="sm" onClick={() => void act('unarchive')}>
                <ArchiveRestore /> Unarchive
              </Button>
            )}
          </div>
        )}
      </div>

      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="grid min-w-0 gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Conversation</CardTitle>
              <CardDescription>Who the agent is, and what it says first.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
                <Field id="name" label="Name" error={fieldErrors.name}>
                  <Input
                    id="name"
                    value={draft.name}
                    disabled={readOnly}
                    aria-invalid={Boolean(fieldErrors.name)}
                    onChange={(event) => update({ name: event.target.value })}
                  />
                </Field>
                <Field id="language" label="Language" error={fieldErrors.language}>
                  <Input
                    id="language"
                    value={draft.language}
                    disabled={readOnly}
                    aria-invalid={Boolean(fieldErrors.language)}
                    onChange={(event) => update({ language: event.target.value })}
                  />
                </Field>
              </div>
              <Field
                id="greeting"
                label="Greeting"
                error={fieldErrors.greeting}
                hint={`Spoken as soon as the agent joins. Variables: ${GREETING_VARIABLES.map((name) => `{{${name}}}`).join(' ')}, and an outbound call's own {{name}} variables (also in the system prompt)`}
              >
                <Textarea
                  id="greeting"
                  className="min-h-16"
                  value={draft.greeting}
                  disabled={readOnly}
                  aria-invalid={Boolean(fieldErrors.greeting)}
                  onChange={(event) => update({ greeting: event.target.value })}
                />
              </Field>
              <Field id="system-prompt" label="System prompt" error={fieldErrors.systemPrompt}>
                <Textarea
                  id="system-prompt"
                  className="min-h-48 font-mono text-xs leading-relaxed"
                  placeholder="You are the friendly receptionist of…"
                  value={draft.systemPrompt}
                  disabled={readOnly}
                  onChange={(event) => update({ systemPrompt: event.target.value })}
                />
              </Field>
            </CardContent>
          </Card>

          <ModelSection draft={draft} update={update} fieldErrors={fieldErrors} disabled={readOnly} />

          <Card>
            <CardHeader>
              <CardTitle>Limits</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4 sm:grid-cols-2">
              <Field
                id="max-duration"
                label="Maximum call length (minutes)"
                error={fieldErrors.maxDurationSeconds}
              >
                <Input
                  id="max-duration"
                  type="number"
                  min={1}
                  max={240}
                  disabled={readOnly}
                  value={Math.round(draft.maxDurationSeconds / 60)}
                  onChange={(event) =>
                    update({ maxDurationSeconds: Math.round(Number(event.target.value) * 60) })
                  }
                />
              </Field>
              <Field
                id="silence-timeout"
                label="Hang up after silence (seconds)"
                error={fieldErrors.silenceTimeoutSeconds}
              >
                <Input
                  id="silence-timeout"
                  type="number"
                  min={5}
                  max={600}
                  disabled={readOnly}
                  value={draft.silenceTimeoutSeconds}
                  onChange={(event) => update({ silenceTimeoutSeconds: Number(event.target.value) })}
                />
              </Field>
              <label className="flex cursor-pointer items-start gap-3 text-sm sm:col-span-2">
                <input
                  type="checkbox"
                  role="switch"
                  className="mt-0.5 accent-primary"
                  disabled={readOnly}
                  checked={draft.thinkingSound}
                  aria-checked={draft.thinkingSound}
                  onChange={(event) => update({ thinkingSound: event.target.checked })}
                />
                <span className="grid gap-0.5">
                  <span className="font-medium">Thinking sound while a function runs</span>
                  <span className="text-muted">
                    Soft keyboard typing when a function takes longer than a second, so the caller does not
                    hear silence.
                  </span>
                </span>
              </label>
            </CardContent>
          </Card>

          <PhoneSection draft={draft} update={update} fieldErrors={fieldErrors} disabled={readOnly} />

          <AnalysisSection draft={draft} update={update} fieldErrors={fieldErrors} disabled={readOnly} />

          <div id="agent-tools" tabIndex={-1} className="grid gap-2 outline-none">
            <ToolsSection
              orgId={orgId}
              value={draft.tools}
              onChange={(tools) => update({ tools })}
              disabled={readOnly}
            />
            {fieldErrors.tools && (
              <p id="agent-tools-error" className="text-sm text-danger">
                Tools: {fieldErrors.tools}
              </p>
            )}
          </div>
        </div>
        <div className="grid content-start gap-6">
          {canCall && agent.status === 'active' && <ChatCard orgId={orgId} agentId={agent.id} />}
          {canCall && agent.status === 'active' && <OutboundCallCard orgId={orgId} agentId={agent.id} />}
          {canReadCalls && <LatencyCard orgId={orgId} agentId={agent.id} />}
          <FunctionsCard orgId={orgId} agentId={agent.id} />
          <VersionsCard orgId={orgId} agent={agent} canWrite={canWrite} />
        </div>
      </div>

      {canWrite && (
        <div className="fixed inset-x-0 bottom-0 z-20 border-t border-border bg-surface/95 backdrop-blur lg:left-64">
          <div className="mx-auto flex max-w-5xl items-center justify-end gap-3 px-4 py-3 sm:px-8">
            {problems.length > 0 ? (
              <p className="mr-auto text-sm text-danger" role="status">
                <span className="font-medium">{formatCount(problems.length, 'problem', 'problems')}:</span>{' '}
                {problems.map((field, index) => (
                  <Fragment key={field.path}>
                    {index > 0 && ', '}
                    <button
                      type="button"
                      className="underline underline-offset-2 hover:no-underline"
                      onClick={() => focusField(field)}
                    >
                      {field.label}
                    </button>
                  </Fragment>
                ))}
              </p>
            ) : formError ? (
              <span className="mr-auto text-sm text-danger">{formError}</span>
            ) : (
              dirty && <span className="mr-auto text-sm text-muted">Unsaved changes</span>
            )}
            <Button type="button" variant="ghost" disabled={!dirty} onClick={discard}>
              Discard
            </Button>
            <Button type="submit" loading={pending} disabled={!dirty}>
              Save version {agent.version + 1}
            </Button>
          </div>
        </div>
      )}
    </form>
  );
}

export default function AgentPage() {
  const { agentId } = useParams<{ agentId: string }>();
  const { orgId, organization, can } = useCurrentOrganization();
  const agent = useAgent(orgId, agentId);
  return (
    <OrganizationGate organization={organization}>
      {() =>
        agent.error ? (
          <ErrorState error={agent.error} onRetry={() => void agent.refetch()} />
        ) : !agent.data ? (
          <LoadingState />
        ) : (
          // A new version from the server (save, restore) resets the form to it.
          <AgentEditor
            key={`${agent.data.id}:${agent.data.version}:${agent.data.status}`}
            orgId={orgId}
            agent={agent.data}
            canWrite={can('agents:write')}
            canCall={can('calls:start')}
            canReadCalls={can('calls:read')}
          />
        )
      }
    </OrganizationGate>
  );
}

'use client';

import type { AgentConfig } from '@switchboard/contracts/agents';
import { Wrench } from 'lucide-react';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useTools } from '@/lib/queries';

type AttachedTools = AgentConfig['tools'];

/** Per tool, per function: a switch for each function the model may call. */
export function ToolsSection({
  orgId,
  value,
  onChange,
  disabled,
}: {
  orgId: string;
  value: AttachedTools;
  onChange: (tools: AttachedTools) => void;
  disabled: boolean;
}) {
  const tools = useTools(orgId);

  function toggle(toolId: string, functionName: string, on: boolean) {
    const current = value.find((tool) => tool.toolId === toolId)?.functions ?? [];
    const functions = on ? [...current, functionName] : current.filter((name) => name !== functionName);
    const others = value.filter((tool) => tool.toolId !== toolId);
    onChange(functions.length > 0 ? [...others, { toolId, functions }] : others);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Tools</CardTitle>
        <CardDescription>Switch on exactly the functions this agent may call.</CardDescription>
      </CardHeader>
      <CardContent>
        {tools.error ? (
          <ErrorState error={tools.error} onRetry={() => void tools.refetch()} />
        ) : !tools.data ? (
          <LoadingState />
        ) : tools.data.length === 0 ? (
          <EmptyState icon={<Wrench />} title="No tools configured">
            <Link className="text-primary underline" href={`/o/${orgId}/tools`}>
              Add a tool
            </Link>{' '}
            to let the agent look things up or book appointments.
          </EmptyState>
        ) : (
          <div className="grid gap-4">
            {tools.data.map((tool) => {
              const enabled = new Set(value.find((attached) => attached.toolId === tool.id)?.functions);
              // Switched on, but the tool no longer offers them (an MCP server dropped a tool, a function
              // was deleted): flagged, and left out of calls until switched off.
              const offered = new Set(tool.functions.map((fn) => fn.name));
              const removed = [...enabled].filter((name) => !offered.has(name));
              return (
                <fieldset key={tool.id} className="rounded-lg border border-border p-3">
                  <legend className="flex items-center gap-2 px-1 text-sm font-medium">
                    {tool.name}
                    {tool.status !== 'ready' && <Badge tone="warning">{tool.status.replace('_', ' ')}</Badge>}
                  </legend>
                  {removed.map((name) => (
                    <label
                      key={name}
                      className="flex cursor-pointer items-start gap-3 rounded-md p-2 text-sm hover:bg-subtle"
                    >
                      <input
                        type="checkbox"
                        className="mt-0.5 accent-primary"
                        disabled={disabled}
                        checked
                        aria-label={`${tool.name}: ${name} (removed)`}
                        onChange={() => toggle(tool.id, name, false)}
                      />
                      <span className="grid gap-0.5">
                        <span className="flex items-center gap-2 font-mono text-xs font-medium">
                          {name} <Badge tone="danger">removed</Badge>
                        </span>
                        <span className="text-danger">
                          The tool no longer offers this function; calls leave it out. Switch it off to save.
                        </span>
                      </span>
                    </label>
                  ))}
                  {tool.functions.length === 0 ? (
                    removed.length === 0 && (
                      <p className="text-sm text-muted">This tool has no functions yet.</p>
                    )
                  ) : (
                    <div className="grid gap-1">
                      {tool.functions.map((fn) => (
                        <label
                          key={fn.name}
                          className="flex cursor-pointer items-start gap-3 rounded-md p-2 text-sm hover:bg-subtle"
                        >
                          <input
                            type="checkbox"
                            className="mt-0.5 accent-primary"
                            disabled={disabled}
                            checked={enabled.has(fn.name)}
                            aria-label={`${tool.name}: ${fn.name}`}
                            onChange={(event) => toggle(tool.id, fn.name, event.target.checked)}
                          />
                          <span className="grid gap-0.5">
                            <span className="font-mono text-xs font-medium">{fn.name}</span>
                            <span className="text-muted">{fn.description}</span>
                          </span>
                        </label>
                      ))}
                    </div>
                  )}
                </fieldset>
              );
            })}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

'use client';

import type { HttpFunction, HttpToolConfig, Tool } from '@switchboard/contracts/tools';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/states';
import { errorMessage } from '@/lib/api';
import { useAgents } from '@/lib/queries';
import { FunctionDialogContent, NEW_FUNCTION } from './function-dialog';
import { useUpdateTool } from './use-update-tool';

export function HttpFunctionsCard({
  orgId,
  tool,
  canWrite,
}: {
  orgId: string;
  tool: Tool;
  canWrite: boolean;
}) {
  const updateTool = useUpdateTool(orgId, tool.id);
  const config = tool.config as HttpToolConfig;
  const [editing, setEditing] = useState<{ index: number; fn: HttpFunction }>();
  const [removing, setRemoving] = useState<number>();
  const agents = useAgents(orgId, 'active');
  // The agents that switched a function on: removing it takes it from each of them.
  const agentsUsing = (name: string) =>
    (agents.data ?? [])
      .filter((agent) =>
        agent.config.tools.some((used) => used.toolId === tool.id && used.functions.includes(name)),
      )
      .map((agent) => agent.name);
  const removingName = removing === undefined ? undefined : config.functions[removing]?.name;
  const removingUsers = removingName ? agentsUsing(removingName) : [];

  async function saveFunctions(functions: HttpFunction[]) {
    await updateTool({ config: { ...config, functions } });
  }

  async function saveEdited(fn: HttpFunction) {
    if (!editing) return;
    const functions = [...config.functions];
    if (editing.index === -1) functions.push(fn);
    else functions[editing.index] = fn;
    await saveFunctions(functions);
    toast.success(`Saved ${fn.name}`);
    setEditing(undefined);
  }

  async function remove(index: number) {
    try {
      await saveFunctions(config.functions.filter((_, i) => i !== index));
      toast.success('Function removed');
    } catch (error) {
      toast.error(errorMessage(error));
    }
    setRemoving(undefined);
  }

  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between border-b border-border">
        <div className="grid gap-1">
          <CardTitle>Functions</CardTitle>
          <CardDescription>
            Each one becomes a function the model can call, if an agent switches it on.
          </CardDescription>
        </div>
        {canWrite && (
          <Button size="sm" onClick={() => setEditing({ index: -1, fn: NEW_FUNCTION })}>
            <Plus /> Add function
          </Button>
        )}
      </CardHeader>
      {config.functions.length === 0 ? (
        <EmptyState icon={<Plus />} title="No functions yet">
          Add one by hand, or create a tool from an OpenAPI document.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border">
          {config.functions.map((fn, index) => (
            <li key={fn.name} className="flex flex-wrap items-center gap-3 px-5 py-3">
              <Badge className="w-16 justify-center font-mono">{fn.method}</Badge>
              <span className="grid min-w-0 flex-1">
                <span className="truncate font-mono text-sm font-medium">{fn.name}</span>
                <span className="truncate font-mono text-xs text-muted">{fn.url}</span>
              </span>
              {canWrite && (
                <span className="flex gap-1">
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Edit ${fn.name}`}
                    onClick={() => setEditing({ index, fn })}
                  >
                    <Pencil />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Remove ${fn.name}`}
                    onClick={() => setRemoving(index)}
                  >
                    <Trash2 />
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog open={removing !== undefined} onOpenChange={(open) => !open && setRemoving(undefined)}>
        {removing !== undefined && removingName && (
          <DialogContent
            title={`Remove ${removingName}?`}
            description={
              agents.isPending
                ? 'Checking which agents use it…'
                : removingUsers.length > 0
                  ? `Used by ${removingUsers.join(', ')}. They stop offering it to the model, and their editors ask to switch it off.`
                  : 'No active agent uses it. Its configuration is deleted.'
            }
          >
            <DialogFooter>
              <Button variant="outline" onClick={() => setRemoving(undefined)}>
                Cancel
              </Button>
              <Button variant="danger" onClick={() => void remove(removing)}>
                Remove function
              </Button>
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
      <Dialog open={editing !== undefined} onOpenChange={(open) => !open && setEditing(undefined)}>
        {editing && (
          <FunctionDialogContent
            initial={editing.fn}
            save={saveEdited}
            onCancel={() => setEditing(undefined)}
          />
        )}
      </Dialog>
    </Card>
  );
}

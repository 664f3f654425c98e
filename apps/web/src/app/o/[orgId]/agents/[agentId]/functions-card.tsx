'use client';

import { AlertTriangle, FunctionSquare } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { useAgentFunctions } from '@/lib/queries';

/** The saved configuration as the model will see it on the next call. */
export function FunctionsCard({ orgId, agentId }: { orgId: string; agentId: string }) {
  const functions = useAgentFunctions(orgId, agentId);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <FunctionSquare className="size-4 text-muted" /> What the model sees
        </CardTitle>
        <CardDescription>From the saved version, on the next call.</CardDescription>
      </CardHeader>
      <CardContent>
        {functions.error ? (
          <ErrorState error={functions.error} onRetry={() => void functions.refetch()} />
        ) : !functions.data ? (
          <LoadingState />
        ) : (
          <div className="grid gap-2 text-sm" data-testid="model-functions">
            {functions.data.functions.length === 0 && (
              <p className="text-muted">No functions: the agent only talks.</p>
            )}
            {functions.data.functions.map((fn) => (
              <div key={fn.name} className="grid">
                <span className="font-mono text-xs font-medium">{fn.name}</span>
                <span className="text-xs text-muted">{fn.toolName}</span>
              </div>
            ))}
            {functions.data.problems.map((problem) => (
              <p key={problem.toolId + problem.message} className="flex gap-2 text-warning">
                <AlertTriangle className="mt-0.5 size-4 shrink-0" /> {problem.message}
              </p>
            ))}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

'use client';

import type { Tool } from '@switchboard/contracts/tools';
import { useQuery } from '@tanstack/react-query';
import { FlaskConical } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { NativeSelect } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { client } from '@/lib/api';
import { useFormState } from '@/lib/use-form-state';

/** Example arguments from a schema, so the form starts from something the function accepts. */
function exampleArguments(parameters: unknown): string {
  const properties = (parameters as { properties?: Record<string, { type?: string }> })?.properties ?? {};
  const example = Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [
      name,
      schema.type === 'number' || schema.type === 'integer' ? 0 : schema.type === 'boolean' ? false : '',
    ]),
  );
  return JSON.stringify(example, null, 2);
}

function useTestRun(orgId: string, toolId: string, runId: string | undefined) {
  return useQuery({
    queryKey: ['orgs', orgId, 'tools', toolId, 'test-runs', runId],
    enabled: runId !== undefined,
    queryFn: () =>
      client.GET('/orgs/{orgId}/tools/{toolId}/test-runs/{runId}', {
        params: { path: { orgId, toolId, runId: runId! } },
      }),
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 500 : false),
  });
}

/** Runs a function exactly as a call would, in the worker tier: the secret never reaches the browser. */
export function TestPanel({ orgId, tool }: { orgId: string; tool: Tool }) {
  const [functionName, setFunctionName] = useState(tool.functions[0]?.name ?? '');
  const selected = tool.functions.find((fn) => fn.name === functionName);
  const [args, setArgs] = useState(() => exampleArguments(selected?.parameters));
  const [runId, setRunId] = useState<string>();
  const { pending, formError, run, setFieldErrors, fieldErrors } = useFormState();
  const testRun = useTestRun(orgId, tool.id, runId);

  if (tool.functions.length === 0) return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(args);
    } catch {
      return setFieldErrors({ arguments: 'The arguments are not valid JSON' });
    }
    void run(async () => {
      const created = await client.POST('/orgs/{orgId}/tools/{toolId}/test-runs', {
        params: { path: { orgId, toolId: tool.id } },
        body: { functionName, arguments: parsed },
      });
      setRunId(created.id);
    });
  }

  const result = testRun.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <FlaskConical className="size-4 text-muted" /> Test a function
        </CardTitle>
        <CardDescription>Runs through the same code path as a call; real requests are made.</CardDescription>
      </CardHeader>
      <CardContent>
        <form className="grid gap-4" onSubmit={submit} noValidate>
          <Field id="test-function" label="Function">
            <NativeSelect
              id="test-function"
              value={functionName}
              onChange={(event) => {
                setFunctionName(event.target.value);
                setArgs(
                  exampleArguments(tool.functions.find((fn) => fn.name === event.target.value)?.parameters),
                );
              }}
            >
              {tool.functions.map((fn) => (
                <option key={fn.name}>{fn.name}</option>
              ))}
            </NativeSelect>
          </Field>
          <Field id="test-arguments" label="Arguments (JSON)" error={fieldErrors.arguments}>
            <Textarea
              id="test-arguments"
              className="min-h-28 font-mono text-xs"
              value={args}
              onChange={(event) => setArgs(event.target.value)}
            />
          </Field>
          {formError && <Alert tone="danger">{formError}</Alert>}
          <Button
            type="submit"
            className="justify-self-start"
            loading={pending || result?.status === 'pending'}
          >
            Run
          </Button>
        </form>
        {result && result.status !== 'pending' && (
          <div className="mt-4 grid gap-2" data-testid="test-result">
            <p className="flex items-center gap-2 text-sm">
              <Badge tone={result.status === 'succeeded' ? 'success' : 'danger'}>{result.status}</Badge>
              {result.durationMs !== null && <span className="text-muted">{result.durationMs} ms</span>}
            </p>
            <pre className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
              {result.status === 'succeeded' ? JSON.stringify(result.result, null, 2) : result.error}
            </pre>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

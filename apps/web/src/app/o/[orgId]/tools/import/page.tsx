'use client';

import {
  MAX_TOOL_FUNCTIONS,
  OPENAPI_DOCUMENT_MAX_BYTES,
  type OpenApiPreview,
  type Tool,
} from '@switchboard/contracts/tools';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, FileCode2, Upload } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useState } from 'react';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { api } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';

function ChooseOperations({ orgId, preview }: { orgId: string; preview: OpenApiPreview }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(preview.title);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(
    () =>
      new Set(preview.operations.length <= 20 ? preview.operations.map((operation) => operation.key) : []),
  );
  const { pending, formError, run } = useFormState();
  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return preview.operations.filter((operation) =>
      `${operation.key} ${operation.summary} ${operation.tags.join(' ')} ${operation.function.name}`
        .toLowerCase()
        .includes(needle),
    );
  }, [filter, preview.operations]);

  function setMany(operationKeys: string[], on: boolean) {
    const next = new Set(chosen);
    for (const key of operationKeys) {
      if (on) next.add(key);
      else next.delete(key);
    }
    setChosen(next);
  }

  function create(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const functions = preview.operations
        .filter((operation) => chosen.has(operation.key))
        .map((operation) => operation.function);
      const tool = await api<Tool>(`/orgs/${orgId}/tools`, {
        method: 'POST',
        body: { kind: 'http', name, config: { headers: {}, functions } },
      });
      await queryClient.invalidateQueries({ queryKey: keys.tools(orgId) });
      router.push(`/o/${orgId}/tools/${tool.id}`);
    });
  }

  return (
    <Card>
      <form onSubmit={create} noValidate>
        <CardHeader>
          <CardTitle>
            {preview.title} <span className="font-normal text-muted">v{preview.version}</span>
          </CardTitle>
          <CardDescription>
            {preview.operations.length} operations · base URL {preview.baseUrl ?? 'missing: set one above'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {preview.warnings.length > 0 && (
            <Alert title={`${preview.warnings.length} notes from the import`}>
              <ul className="max-h-32 list-disc overflow-y-auto pl-4">
                {preview.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </Alert>
          )}
          <Field id="tool-name" label="Tool name">
            <Input id="tool-name" value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
          <div className="flex flex-wrap items-center gap-2">
            <Input
              aria-label="Filter operations"
              placeholder="Filter by path, tag or summary"
              className="max-w-xs"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() =>
                setMany(
                  visible.map((op) => op.key),
                  true,
                )
              }
            >
              Select {filter ? 'shown' : 'all'}
            </Button>
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() =>
                setMany(
                  visible.map((op) => op.key),
                  false,
                )
              }
            >
              Clear
            </Button>
            <span className="ml-auto text-sm text-muted">{chosen.size} selected</span>
          </div>
          <ul className="max-h-[28rem] divide-y divide-border overflow-y-auto rounded-lg border border-border">
            {visible.map((operation) => (
              <li key={operation.key}>
                <label className="flex cursor-pointer items-start gap-3 px-3 py-2 text-sm hover:bg-subtle">
                  <input
                    type="checkbox"
                    className="mt-1 accent-primary"
                    checked={chosen.has(operation.key)}
                    aria-label={operation.key}
                    onChange={(event) => setMany([operation.key], event.target.checked)}
                  />
                  <Badge className="mt-0.5 w-16 justify-center font-mono">{operation.method}</Badge>
                  <span className="grid min-w-0">
                    <span className="truncate font-mono text-xs">{operation.path}</span>
                    <span className="truncate text-muted">
                      {operation.function.name} — {operation.summary || 'no summary'}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {formError && <Alert tone="danger">{formError}</Alert>}
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={pending} disabled={chosen.size === 0 || !name}>
            Create tool with {chosen.size} {chosen.size === 1 ? 'function' : 'functions'}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

export default function ImportOpenApiPage() {
  const { orgId, organization } = useCurrentOrganization();
  const [document, setDocument] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [preview, setPreview] = useState<OpenApiPreview>();
  const { pending, formError, fieldErrors, run } = useFormState();

  function read(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      setPreview(
        await api<OpenApiPreview>(`/orgs/${orgId}/tools/openapi-preview`, {
          method: 'POST',
          body: { document, ...(baseUrl.trim() && { baseUrl: baseUrl.trim() }) },
        }),
      );
    });
  }

  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <Link
            href={`/o/${orgId}/tools/new`}
            className="mb-2 flex items-center gap-1 text-sm text-muted hover:text-foreground"
          >
            <ArrowLeft className="size-4" /> Add a tool
          </Link>
          <PageHeader
            title="Import an OpenAPI document"
            description="Every operation becomes a function: parameters and request body merged into one schema, references resolved."
          />
          <div className="grid gap-6">
            <Card>
              <form onSubmit={read} noValidate>
                <CardContent className="grid gap-4 pt-5">
                  <Field
                    id="document"
                    label="OpenAPI 3 document (JSON or YAML)"
                    hint={`Up to ${OPENAPI_DOCUMENT_MAX_BYTES / 1024 / 1024} MB and ${MAX_TOOL_FUNCTIONS} operations, the most one tool holds.`}
                    error={fieldErrors.document}
                  >
                    <Textarea
                      id="document"
                      className="min-h-48 font-mono text-xs"
                      placeholder="openapi: 3.1.0…"
                      value={document}
                      aria-invalid={Boolean(fieldErrors.document)}
                      onChange={(event) => setDocument(event.target.value)}
                    />
                  </Field>
                  <div className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-end">
                    <Field id="base-url" label="Base URL (optional)" hint="Overrides the document's servers.">
                      <Input
                        id="base-url"
                        placeholder="https://api.example.com/v1"
                        value={baseUrl}
                        onChange={(event) => setBaseUrl(event.target.value)}
                      />
                    </Field>
                    <label className="inline-flex h-9 cursor-pointer items-center gap-2 rounded-md border border-border px-3 text-sm hover:bg-subtle">
                      <Upload className="size-4" /> Upload a file
                      <input
                        type="file"
                        accept=".json,.yaml,.yml,application/json,application/yaml"
                        className="sr-only"
                        onChange={(event) => void event.target.files?.[0]?.text().then(setDocument)}
                      />
                    </label>
                  </div>
                  {formError && <Alert tone="danger">{formError}</Alert>}
                </CardContent>
                <CardFooter>
                  <Button type="submit" loading={pending} disabled={!document.trim()}>
                    <FileCode2 /> Read document
                  </Button>
                </CardFooter>
              </form>
            </Card>
            {preview && (
              <ChooseOperations
                key={JSON.stringify([preview.title, preview.operations.length, preview.baseUrl])}
                orgId={orgId}
                preview={preview}
              />
            )}
          </div>
        </>
      )}
    </OrganizationGate>
  );
}

'use client';

import { MAX_TOOL_FUNCTIONS, OPENAPI_DOCUMENT_MAX_BYTES } from '@switchboard/contracts/constants';
import type { OpenApiPreview } from '@switchboard/contracts/tools';
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
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';

/** Rows drawn at once: a document can list thousands of operations; the filters narrow them down. */
const MAX_ROWS = 300;

type FoundAuthentication = OpenApiPreview['authentication'][number];

function AuthenticationChoice({
  found,
  chosen,
  onChoose,
  secrets,
  onSecret,
}: {
  found: FoundAuthentication[];
  chosen: string;
  onChoose: (id: string) => void;
  secrets: Record<string, string>;
  onSecret: (name: string, value: string) => void;
}) {
  const scheme = found.find((candidate) => candidate.id === chosen);
  return (
    <section className="grid gap-3 rounded-lg border border-border p-3" aria-labelledby="auth-heading">
      <div>
        <h3 id="auth-heading" className="font-medium text-sm">
          Authentication
        </h3>
        <p className="text-muted text-sm">
          {found.length > 0
            ? 'Found in the document. Switchboard signs every request with it; the values are sealed and opened only by the worker that makes the calls.'
            : 'The document declares no authentication. Add a header on the tool page if the API needs one.'}
        </p>
      </div>
      {found.length > 0 && (
        <fieldset className="grid gap-1">
          <legend className="sr-only">Authentication to use</legend>
          {[...found, { id: '', label: 'None' }].map((candidate) => (
            <label key={candidate.id || 'none'} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="authentication"
                className="accent-primary"
                checked={chosen === candidate.id}
                onChange={() => onChoose(candidate.id)}
              />
              {candidate.label}
              {candidate.id && <span className="font-mono text-muted text-xs">{candidate.id}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {scheme && (
        <div className="grid gap-3 sm:grid-cols-2">
          {scheme.secrets.map((secret) => (
            <Field
              key={secret.name}
              id={`secret-${secret.name}`}
              label={secret.label}
              hint={`Sealed as the tool's secret ${secret.name}`}
            >
              <Input
                id={`secret-${secret.name}`}
                type="password"
                autoComplete="off"
                value={secrets[secret.name] ?? ''}
                onChange={(event) => onSecret(secret.name, event.target.value)}
              />
            </Field>
          ))}
        </div>
      )}
    </section>
  );
}

function ChooseOperations({
  orgId,
  preview,
  request,
}: {
  orgId: string;
  preview: OpenApiPreview;
  request: { document: string; baseUrl?: string };
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(preview.title);
  const [filter, setFilter] = useState('');
  const [tag, setTag] = useState('');
  const [authId, setAuthId] = useState(preview.authentication[0]?.id ?? '');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [chosen, setChosen] = useState<Set<string>>(
    () =>
      new Set(preview.operations.length <= 20 ? preview.operations.map((operation) => operation.key) : []),
  );
  const { pending, formError, run } = useFormState();
  const tags = useMemo(
    () => [...new Set(preview.operations.flatMap((operation) => operation.tags))].sort(),
    [preview.operations],
  );
  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return preview.operations.filter(
      (operation) =>
        (!tag || operation.tags.includes(tag)) &&
        `${operation.key} ${operation.summary} ${operation.tags.join(' ')} ${operation.function?.name ?? ''}`
          .toLowerCase()
          .includes(needle),
    );
  }, [filter, tag, preview.operations]);
  const scheme = preview.authentication.find((candidate) => candidate.id === authId);
  const missingSecret = scheme?.secrets.find((secret) => !secrets[secret.name]);
  const isOverLimit = chosen.size > MAX_TOOL_FUNCTIONS;

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
      let operations = preview.operations.filter((operation) => chosen.has(operation.key));
      // A document larger than a tool was only listed: its picked operations are built now.
      if (operations.some((operation) => operation.function === null)) {
        const built = await client.POST('/orgs/{orgId}/tools/openapi-preview', {
          params: { path: { orgId } },
          body: { ...request, operations: operations.map((operation) => operation.key) },
        });
        operations = built.operations.filter((operation) => chosen.has(operation.key));
      }
      const functions = operations.flatMap((operation) => (operation.function ? [operation.function] : []));
      const tool = await client.POST('/orgs/{orgId}/tools', {
        params: { path: { orgId } },
        body: {
          kind: 'http',
          name,
          config: { headers: {}, ...(scheme && { auth: scheme.auth }), functions },
          secrets: scheme
            ? Object.fromEntries(scheme.secrets.map((secret) => [secret.name, secrets[secret.name] ?? '']))
            : {},
        },
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
            {preview.format} · {preview.operations.length} operations · base URL{' '}
            {preview.baseUrl ?? 'missing: set one above'}
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
          <AuthenticationChoice
            found={preview.authentication}
            chosen={authId}
            onChoose={setAuthId}
            secrets={secrets}
            onSecret={(secretName, value) => setSecrets({ ...secrets, [secretName]: value })}
          />
          <div className="flex flex-wrap items-center gap-2">
            <Input
              aria-label="Filter operations"
              placeholder="Filter by path, tag or summary"
              className="max-w-xs"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
            {tags.length > 1 && (
              <select
                aria-label="Tag"
                className="h-9 rounded-md border border-border bg-background px-2 text-sm"
                value={tag}
                onChange={(event) => setTag(event.target.value)}
              >
                <option value="">All tags ({tags.length})</option>
                {tags.map((candidate) => (
                  <option key={candidate} value={candidate}>
                    {candidate}
                  </option>
                ))}
              </select>
            )}
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
              Select {filter || tag ? 'shown' : 'all'}
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
            <span className={`ml-auto text-sm ${isOverLimit ? 'text-danger' : 'text-muted'}`}>
              {chosen.size} selected{isOverLimit && ` (a tool holds ${MAX_TOOL_FUNCTIONS})`}
            </span>
          </div>
          <ul className="max-h-[28rem] divide-y divide-border overflow-y-auto rounded-lg border border-border">
            {visible.slice(0, MAX_ROWS).map((operation) => (
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
                      {operation.function ? `${operation.function.name} — ` : ''}
                      {operation.summary || 'no summary'}
                    </span>
                  </span>
                </label>
              </li>
            ))}
            {visible.length > MAX_ROWS && (
              <li className="px-3 py-2 text-muted text-sm">
                Showing {MAX_ROWS} of {visible.length}: filter by tag or text to see the others.
              </li>
            )}
          </ul>
          {formError && <Alert tone="danger">{formError}</Alert>}
        </CardContent>
        <CardFooter className="gap-3">
          <Button
            type="submit"
            loading={pending}
            disabled={chosen.size === 0 || !name || isOverLimit || missingSecret !== undefined}
          >
            Create tool with {chosen.size} {chosen.size === 1 ? 'function' : 'functions'}
          </Button>
          {missingSecret && (
            <span className="text-muted text-sm">Enter the {missingSecret.label.toLowerCase()} first</span>
          )}
        </CardFooter>
      </form>
    </Card>
  );
}

export default function ImportOpenApiPage() {
  const { orgId, organization } = useCurrentOrganization();
  const [document, setDocument] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [preview, setPreview] = useState<{
    result: OpenApiPreview;
    request: { document: string; baseUrl?: string };
  }>();
  const { pending, formError, fieldErrors, run } = useFormState();
  // The document stays on the page until the tool is created (leaving the page): the choices below build on it.
  useUnsavedChanges(document !== '' || baseUrl !== '');

  function read(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const request = { document, ...(baseUrl.trim() && { baseUrl: baseUrl.trim() }) };
      const result = await client.POST('/orgs/{orgId}/tools/openapi-preview', {
        params: { path: { orgId } },
        body: request,
      });
      setPreview({ result, request });
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
            title="Import an API description"
            description="OpenAPI 3, Swagger 2.0 or a Postman collection: every operation you pick becomes a function, parameters and request body merged into one schema, with the authentication the document declares."
          />
          <div className="grid gap-6">
            <Card>
              <form onSubmit={read} noValidate>
                <CardContent className="grid gap-4 pt-5">
                  <Field
                    id="document"
                    label="OpenAPI 3 or Swagger 2.0 document (JSON or YAML), or Postman collection v2.x (JSON)"
                    hint={`Up to ${OPENAPI_DOCUMENT_MAX_BYTES / 1024 / 1024} MB; pick up to ${MAX_TOOL_FUNCTIONS} operations, the most one tool holds.`}
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
                key={JSON.stringify([
                  preview.result.title,
                  preview.result.operations.length,
                  preview.result.baseUrl,
                ])}
                orgId={orgId}
                preview={preview.result}
                request={preview.request}
              />
            )}
          </div>
        </>
      )}
    </OrganizationGate>
  );
}

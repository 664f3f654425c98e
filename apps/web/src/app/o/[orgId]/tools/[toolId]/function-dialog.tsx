'use client';

import { HTTP_METHODS } from '@switchboard/contracts/constants';
import type { HttpFunction } from '@switchboard/contracts/tools';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DialogContent, DialogFooter } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';
import { headersToText, textToHeaders } from './headers-text';
import { ParametersEditor } from './parameters-editor';

export const NEW_FUNCTION: HttpFunction = {
  name: '',
  description: '',
  parameters: { type: 'object', properties: {} },
  method: 'GET',
  url: 'https://',
  query: [],
  headers: {},
  bodyEncoding: 'json',
  timeoutMs: 10_000,
};

const BODY_ENCODINGS: { value: HttpFunction['bodyEncoding']; label: string }[] = [
  { value: 'json', label: 'JSON' },
  { value: 'form', label: 'Form (application/x-www-form-urlencoded)' },
  { value: 'multipart', label: 'Multipart form (multipart/form-data)' },
];

/** Edits one function of an HTTP tool; `save` stores the tool and may fail with field errors. */
export function FunctionDialogContent({
  initial,
  save,
  onCancel,
}: {
  initial: HttpFunction;
  save: (fn: HttpFunction) => Promise<void>;
  onCancel: () => void;
}) {
  const [fn, setFn] = useState(initial);
  const [query, setQuery] = useState(initial.query.join(', '));
  const [headers, setHeaders] = useState(headersToText(initial.headers));
  const [schemaError, setSchemaError] = useState<string>();
  const { pending, formError, fieldErrors, run } = useFormState();
  const patch = (change: Partial<HttpFunction>) => setFn((current) => ({ ...current, ...change }));
  const dirty =
    JSON.stringify(fn) !== JSON.stringify(initial) ||
    query !== initial.query.join(', ') ||
    headers !== headersToText(initial.headers);
  const guard = useUnsavedChanges(dirty);
  const cancel = () => guard(onCancel);
  // The API names fields inside the whole tool configuration; show them on this function's inputs.
  const errorOf = (field: string) =>
    Object.entries(fieldErrors).find(([path]) => path.endsWith(`.${field}`))?.[1];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (schemaError) return;
    void run(() =>
      save({
        ...fn,
        query: query
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
        headers: textToHeaders(headers),
        ...(fn.body?.trim() && (fn.bodyEncoding ?? 'json') === 'json'
          ? { body: fn.body }
          : { body: undefined }),
      }),
    );
  }

  return (
    <DialogContent
      title={initial.name ? `Edit ${initial.name}` : 'New function'}
      description="Use {{argument}} in the URL, query, headers and body; {{secrets.name}} in headers and query."
      className="max-w-3xl"
      onDismiss={cancel}
    >
      <form className="grid max-h-[75vh] gap-4 overflow-y-auto pr-1" onSubmit={submit} noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="fn-name"
            label="Name"
            error={errorOf('name')}
            hint="What the model calls, e.g. lookup_order"
          >
            <Input
              id="fn-name"
              className="font-mono"
              value={fn.name}
              onChange={(event) => patch({ name: event.target.value })}
            />
          </Field>
          <Field id="fn-timeout" label="Timeout (ms)" error={errorOf('timeoutMs')}>
            <Input
              id="fn-timeout"
              type="number"
              value={fn.timeoutMs}
              onChange={(event) => patch({ timeoutMs: Number(event.target.value) })}
            />
          </Field>
        </div>
        <Field
          id="fn-description"
          label="Description"
          error={errorOf('description')}
          hint="Tell the model when to use it."
        >
          <Textarea
            id="fn-description"
            className="min-h-16"
            value={fn.description}
            onChange={(event) => patch({ description: event.target.value })}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
          <Field id="fn-method" label="Method">
            <NativeSelect
              id="fn-method"
              value={fn.method}
              onChange={(event) => patch({ method: event.target.value as HttpFunction['method'] })}
            >
              {HTTP_METHODS.map((method) => (
                <option key={method}>{method}</option>
              ))}
            </NativeSelect>
          </Field>
          <Field id="fn-url" label="URL" error={errorOf('url')}>
            <Input
              id="fn-url"
              className="font-mono text-xs"
              placeholder="https://api.example.com/orders/{{order_id}}"
              value={fn.url}
              onChange={(event) => patch({ url: event.target.value })}
            />
          </Field>
        </div>
        <ParametersEditor
          value={fn.parameters}
          onChange={(parameters) => patch({ parameters })}
          onRawError={setSchemaError}
        />
        {schemaError && <p className="text-sm text-danger">{schemaError}</p>}
        <Field
          id="fn-query"
          label="Query parameters"
          hint="Arguments sent in the query string, comma-separated."
        >
          <Input
            id="fn-query"
            className="font-mono text-xs"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </Field>
        <Field id="fn-headers" label="Headers" hint="One per line: Name: value">
          <Textarea
            id="fn-headers"
            className="min-h-16 font-mono text-xs"
            value={headers}
            onChange={(event) => setHeaders(event.target.value)}
          />
        </Field>
        <Field
          id="fn-body-encoding"
          label="Body encoding"
          error={errorOf('bodyEncoding')}
          hint="Forms send the arguments not used in the URL or headers as fields; nested objects as a[b]=c."
        >
          <NativeSelect
            id="fn-body-encoding"
            value={fn.bodyEncoding ?? 'json'}
            onChange={(event) => patch({ bodyEncoding: event.target.value as HttpFunction['bodyEncoding'] })}
          >
            {BODY_ENCODINGS.map((encoding) => (
              <option key={encoding.value} value={encoding.value}>
                {encoding.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        {(fn.bodyEncoding ?? 'json') === 'json' && (
          <Field
            id="fn-body"
            label="Body template"
            error={errorOf('body')}
            hint='JSON with {{argument}} as values, e.g. {"name": {{name}}}. Empty: POST, PUT and PATCH send the remaining arguments as JSON.'
          >
            <Textarea
              id="fn-body"
              className="min-h-16 font-mono text-xs"
              value={fn.body ?? ''}
              onChange={(event) => patch({ body: event.target.value })}
            />
          </Field>
        )}
        {formError && <Alert tone="danger">{formError}</Alert>}
        {Object.keys(fieldErrors).length > 0 && (
          <Alert tone="danger">{Object.values(fieldErrors).join('; ')}</Alert>
        )}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={cancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Save function
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}

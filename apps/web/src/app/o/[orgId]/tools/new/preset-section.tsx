'use client';

import type { CreatePresetToolInput, ToolPresetInfo } from '@switchboard/contracts/tool-presets';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { client } from '@/lib/api';
import { keys, useToolPresets } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

/** Ready HTTP tools for well-known systems: a card each, and a short form for the account's domain and key. */
export function PresetSection({ orgId }: { orgId: string }) {
  const presets = useToolPresets();
  const [open, setOpen] = useState<ToolPresetInfo>();

  return (
    <section className="mt-8 grid gap-4" aria-labelledby="presets-heading">
      <div>
        <h2 id="presets-heading" className="text-lg font-semibold">
          Ready-made for your systems
        </h2>
        <p className="text-sm text-muted">
          Give your account’s domain and key; Switchboard sets up an HTTP tool with functions written for a
          voice agent, which you can then test and edit like any other.
        </p>
      </div>
      {presets.error ? (
        <ErrorState error={presets.error} onRetry={() => void presets.refetch()} />
      ) : !presets.data ? (
        <LoadingState />
      ) : (
        <div className="grid gap-4 md:grid-cols-3">
          {presets.data.map((preset) => (
            <Card key={preset.id} className="flex flex-col">
              <CardHeader>
                <CardTitle>
                  {preset.name} <span className="text-sm font-normal text-muted">· {preset.system}</span>
                </CardTitle>
                <CardDescription>{preset.description}</CardDescription>
              </CardHeader>
              <CardContent className="grid flex-1 content-start gap-2 text-sm">
                <p className="font-medium">Functions</p>
                <p className="font-mono text-xs text-muted">
                  {preset.functions.map((fn) => fn.name).join(' · ')}
                </p>
              </CardContent>
              <CardFooter className="justify-start">
                <Button onClick={() => setOpen(preset)}>Add {preset.name}</Button>
              </CardFooter>
            </Card>
          ))}
        </div>
      )}
      <Dialog open={open !== undefined} onOpenChange={(isOpen) => !isOpen && setOpen(undefined)}>
        {open && <PresetDialogContent orgId={orgId} preset={open} onDone={() => setOpen(undefined)} />}
      </Dialog>
    </section>
  );
}

function PresetDialogContent({
  orgId,
  preset,
  onDone,
}: {
  orgId: string;
  preset: ToolPresetInfo;
  onDone: () => void;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>({});
  const { pending, formError, fieldErrors, run } = useFormState();
  const guard = useUnsavedChanges(Object.values(values).some((value) => value !== ''));
  const cancel = () => guard(onDone);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const tool = await client.POST('/orgs/{orgId}/tools/presets', {
        params: { path: { orgId } },
        // The fields are the preset's own (the catalog lists them), so only the API can check they are all here.
        body: { preset: preset.id, ...values } as CreatePresetToolInput,
      });
      await queryClient.invalidateQueries({ queryKey: keys.tools(orgId) });
      toast.success(`Added ${tool.name}`);
      // Leaving the page closes the dialog; closing it first would race its unsaved-changes guard's own
      // step back through history against this push.
      router.push(`/o/${orgId}/tools/${tool.id}`);
    });
  }

  return (
    <DialogContent title={`Add ${preset.name}`} description={preset.description} onDismiss={cancel}>
      <form className="grid gap-4" onSubmit={submit} noValidate>
        {preset.fields.map((field) => {
          const id = `preset-${field.name}`;
          return (
            <Field
              key={field.name}
              id={id}
              label={field.label}
              hint={field.help}
              error={fieldErrors[field.name]}
            >
              <Input
                id={id}
                type={field.type === 'secret' ? 'password' : field.type === 'email' ? 'email' : 'text'}
                autoComplete="off"
                spellCheck={false}
                placeholder={field.placeholder}
                value={values[field.name] ?? ''}
                onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
              />
            </Field>
          );
        })}
        {formError && <Alert tone="danger">{formError}</Alert>}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={cancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Add {preset.name}
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}

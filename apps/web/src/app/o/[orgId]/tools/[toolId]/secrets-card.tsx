'use client';

import type { Tool } from '@switchboard/contracts/tools';
import { KeyRound, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { errorMessage } from '@/lib/api';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';
import { useUpdateTool } from './use-update-tool';

/**
 * Secrets go in and never come back out: the page only ever knows their names. Setting and deleting them
 * needs tools:secrets; without it the card only lists them.
 */
export function SecretsCard({ orgId, tool, canWrite }: { orgId: string; tool: Tool; canWrite: boolean }) {
  const updateTool = useUpdateTool(orgId, tool.id);
  const [name, setName] = useState('api_key');
  const [value, setValue] = useState('');
  const { pending, formError, fieldErrors, run } = useFormState();
  const [deleting, setDeleting] = useState<string>();
  // A name alone cannot be saved; a typed value is what would be lost.
  useUnsavedChanges(value !== '');

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await updateTool({ secrets: { [name]: value } });
      setValue('');
      toast.success(`Secret ${name} saved`);
    });
  }

  async function remove(secretName: string) {
    try {
      await updateTool({ secrets: { [secretName]: null } });
      toast.success(`Secret ${secretName} deleted`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
    setDeleting(undefined);
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <KeyRound className="size-4 text-muted" /> Secrets
        </CardTitle>
        <CardDescription>
          Stored encrypted; only the voice worker can read them. Reference one in a header as{' '}
          <code className="text-xs">{'{{secrets.api_key}}'}</code>. A secret only goes to the servers it was
          given for: pointing the tool at another server deletes its secrets.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {tool.missingSecrets.length > 0 && (
          <Alert tone="danger">
            Not set, but used by the configuration: {tool.missingSecrets.join(', ')}. The tool cannot work
            until they are set.
          </Alert>
        )}
        {!canWrite && (
          <p className="text-sm text-muted">Only people whose role has tools:secrets can set secrets.</p>
        )}
        {tool.secrets.length > 0 && (
          <ul className="grid gap-2">
            {tool.secrets.map((secret) => (
              <li key={secret.name} className="flex items-center gap-2 text-sm">
                <span className="font-mono text-xs">{secret.name}</span>
                <Badge tone="success">configured</Badge>
                <span className="text-muted">••••••••</span>
                {canWrite && (
                  <Button
                    variant="ghost"
                    size="icon"
                    className="ml-auto"
                    aria-label={`Delete secret ${secret.name}`}
                    onClick={() => setDeleting(secret.name)}
                  >
                    <Trash2 />
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {canWrite && (
          <form
            className="grid gap-3 sm:grid-cols-[10rem_1fr_auto] sm:items-end"
            onSubmit={submit}
            noValidate
          >
            <Field id="secret-name" label="Name" error={Object.values(fieldErrors)[0]}>
              <Input
                id="secret-name"
                className="font-mono"
                value={name}
                onChange={(event) => setName(event.target.value)}
              />
            </Field>
            <Field id="secret-value" label="Value">
              <Input
                id="secret-value"
                type="password"
                autoComplete="off"
                value={value}
                onChange={(event) => setValue(event.target.value)}
              />
            </Field>
            <Button type="submit" variant="outline" loading={pending} disabled={!value || !name}>
              {tool.secrets.some((secret) => secret.name === name) ? 'Replace' : 'Add secret'}
            </Button>
            {formError && (
              <Alert tone="danger" className="sm:col-span-3">
                {formError}
              </Alert>
            )}
          </form>
        )}
      </CardContent>
      <Dialog open={deleting !== undefined} onOpenChange={(open) => !open && setDeleting(undefined)}>
        {deleting && (
          <DialogContent
            title={`Delete secret ${deleting}?`}
            description="It is destroyed, not hidden: requests that use it fail until it is set again."
          >
            <DialogFooter>
              <Button variant="outline" onClick={() => setDeleting(undefined)}>
                Cancel
              </Button>
              <Button variant="danger" onClick={() => void remove(deleting)}>
                Delete secret
              </Button>
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
    </Card>
  );
}

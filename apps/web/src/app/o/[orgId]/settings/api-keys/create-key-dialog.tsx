'use client';

import type { CreatedApiKey } from '@switchboard/contracts/api-keys';
import type { Permission, RoleCatalog } from '@switchboard/contracts/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ChecklistField } from '@/components/ui/checklist-field';
import { CopyableSecret } from '@/components/ui/copyable-secret';
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

const DEFAULT_EXPIRY = '90';

const EXPIRIES = [
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
  { value: 'never', label: 'Never' },
] as const;

function expiryDate(days: string): string | null {
  return days === 'never' ? null : new Date(Date.now() + Number(days) * 86_400_000).toISOString();
}

/** The secret, once: the API stores only its hash, so closing this dialog is the last chance to copy it. */
function ShowOnce({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <div className="grid gap-4">
      <Alert>Copy this key now. Switchboard keeps only a hash of it and cannot show it again.</Alert>
      <CopyableSecret label="New API key" secret={created.secret} copiedToast="Key copied" />
      <p className="text-sm text-muted">
        Send it as <code className="font-mono text-xs">Authorization: Bearer …</code> to the organization's
        routes under <code className="font-mono text-xs">/api/v1/orgs/{'{orgId}'}/</code>.
      </p>
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}

export function CreateKeyDialog({
  orgId,
  catalog,
  held,
}: {
  orgId: string;
  catalog: RoleCatalog;
  /** What the signed-in member holds: a key never gets more (the API refuses it), so only these are offered. */
  held: readonly Permission[];
}) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<string>(DEFAULT_EXPIRY);
  const [permissions, setPermissions] = useState<Set<Permission>>(new Set());
  const [created, setCreated] = useState<CreatedApiKey>();
  const { pending, formError, fieldErrors, run } = useFormState();
  const offered = catalog.permissions.filter((permission) => held.includes(permission.key));
  // Once created, the form is gone: the show-once secret closes without a question.
  const dirty = !created && (name !== '' || expiry !== DEFAULT_EXPIRY || permissions.size > 0);
  const guard = useUnsavedChanges(dirty);

  function reset(nextOpen: boolean) {
    setOpen(nextOpen);
    if (!nextOpen) {
      setCreated(undefined);
      setName('');
      setExpiry(DEFAULT_EXPIRY);
      setPermissions(new Set());
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const body = { name, permissions: [...permissions], expiresAt: expiryDate(expiry) };
      setCreated(await client.POST('/orgs/{orgId}/api-keys', { params: { path: { orgId } }, body }));
      await queryClient.invalidateQueries({ queryKey: keys.apiKeys(orgId) });
    });
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button>
          <KeyRound /> Create API key
        </Button>
      </DialogTrigger>
      <DialogContent
        title={created ? `Your key "${created.apiKey.name}"` : 'Create an API key'}
        description={
          created
            ? undefined
            : 'A key acts for you in this organization, with the permissions you pick here and never more than your role holds.'
        }
        // The show-once secret must not vanish on a stray click; the form asks before dropping what was typed.
        onInteractOutside={(event) => created && event.preventDefault()}
        onDismiss={created ? undefined : () => guard(() => reset(false))}
      >
        {created ? (
          <ShowOnce created={created} onDone={() => reset(false)} />
        ) : (
          <form className="grid gap-4" onSubmit={submit} noValidate>
            <Field
              id="key-name"
              label="Name"
              error={fieldErrors.name}
              hint="Where the key is used, e.g. CRM sync."
            >
              <Input
                id="key-name"
                value={name}
                aria-invalid={Boolean(fieldErrors.name)}
                onChange={(event) => setName(event.target.value)}
              />
            </Field>
            <Field id="key-expiry" label="Expires" error={fieldErrors.expiresAt}>
              <NativeSelect
                id="key-expiry"
                value={expiry}
                onChange={(event) => setExpiry(event.target.value)}
              >
                {EXPIRIES.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <ChecklistField
              legend="Permissions"
              options={offered}
              chosen={permissions}
              onChange={setPermissions}
              error={fieldErrors.permissions}
              scroll
            />
            {formError && <Alert tone="danger">{formError}</Alert>}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => guard(() => reset(false))}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

'use client';

import type { Permission, Role, RoleCatalog } from '@switchboard/contracts/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ChecklistField } from '@/components/ui/checklist-field';
import { DialogContent, DialogFooter } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { client } from '@/lib/api';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

/** Creates a custom role, or edits one when `role` is given (its key is fixed once created). */
export function RoleDialogContent({
  catalog,
  role,
  onDone,
}: {
  catalog: RoleCatalog;
  role?: Role;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState(role?.key ?? '');
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [permissions, setPermissions] = useState<Set<Permission>>(new Set(role?.permissions));
  const { pending, formError, fieldErrors, run } = useFormState();
  const saved = new Set(role?.permissions);
  const guard = useUnsavedChanges(
    key !== (role?.key ?? '') ||
      name !== (role?.name ?? '') ||
      description !== (role?.description ?? '') ||
      permissions.size !== saved.size ||
      [...permissions].some((permission) => !saved.has(permission)),
  );
  const cancel = () => guard(onDone);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const body = { name, description, permissions: [...permissions] };
      if (role)
        await client.PATCH('/admin/roles/{roleKey}', { params: { path: { roleKey: role.key } }, body });
      else await client.POST('/admin/roles', { body: { key, ...body } });
      await queryClient.invalidateQueries({ queryKey: keys.roles });
      toast.success(role ? `Saved ${name}` : `Created ${name}`);
      onDone();
    });
  }

  return (
    <DialogContent
      title={role ? `Edit ${role.name}` : 'New custom role'}
      description="Custom roles are available to every organization on this installation."
      className="max-w-2xl"
      onDismiss={cancel}
    >
      <form className="grid max-h-[70vh] gap-4 overflow-y-auto pr-1" onSubmit={submit} noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="role-name" label="Name" error={fieldErrors.name}>
            <Input
              id="role-name"
              value={name}
              placeholder="Support agent"
              aria-invalid={Boolean(fieldErrors.name)}
              onChange={(event) => {
                setName(event.target.value);
                if (!role) setKey(keyFromName(event.target.value));
              }}
            />
          </Field>
          <Field
            id="role-key"
            label="Key"
            error={fieldErrors.key}
            hint="Used in the API; cannot change later."
          >
            <Input
              id="role-key"
              value={key}
              disabled={Boolean(role)}
              className="font-mono"
              aria-invalid={Boolean(fieldErrors.key)}
              onChange={(event) => setKey(event.target.value)}
            />
          </Field>
        </div>
        <Field id="role-description" label="Description" error={fieldErrors.description}>
          <Input
            id="role-description"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </Field>
        <ChecklistField
          legend="Permissions"
          options={catalog.permissions}
          chosen={permissions}
          onChange={setPermissions}
          error={fieldErrors.permissions}
        />
        {formError && <Alert tone="danger">{formError}</Alert>}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={cancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {role ? 'Save role' : 'Create role'}
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}

function keyFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40);
}

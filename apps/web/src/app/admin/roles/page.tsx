'use client';

import type { Role } from '@switchboard/contracts/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { keys, useRoleCatalog } from '@/lib/queries';
import { RoleDialogContent } from './role-dialog';

type Editing = { kind: 'create' } | { kind: 'edit'; role: Role } | { kind: 'delete'; role: Role };

export default function AdminRolesPage() {
  const queryClient = useQueryClient();
  const catalog = useRoleCatalog();
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState(false);
  const close = () => setEditing(undefined);

  async function remove(role: Role) {
    setDeleting(true);
    try {
      await client.DELETE('/admin/roles/{roleKey}', { params: { path: { roleKey: role.key } } });
      toast.success(`Deleted ${role.name}`);
      close();
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setDeleting(false);
    }
    await queryClient.invalidateQueries({ queryKey: keys.roles });
  }

  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role may do inside an organization. Predefined roles are fixed; custom ones are yours."
        actions={
          <Button onClick={() => setEditing({ kind: 'create' })} disabled={!catalog.data}>
            <Plus /> New role
          </Button>
        }
      />
      {catalog.error ? (
        <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
      ) : !catalog.data ? (
        <LoadingState />
      ) : (
        <div className="grid gap-4">
          {catalog.data.roles.map((role) => (
            <Card key={role.key} className="p-5">
              <div className="flex flex-wrap items-start gap-3">
                <div className="grid min-w-0 flex-1 gap-1">
                  <h2 className="flex items-center gap-2 font-semibold">
                    {role.name}
                    <Badge tone={role.isPredefined ? 'neutral' : 'primary'}>
                      {role.isPredefined ? 'Predefined' : 'Custom'}
                    </Badge>
                  </h2>
                  <p className="font-mono text-xs text-muted">{role.key}</p>
                  {role.description && <p className="text-sm text-muted">{role.description}</p>}
                </div>
                {!role.isPredefined && (
                  <div className="flex gap-1">
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Edit ${role.name}`}
                      onClick={() => setEditing({ kind: 'edit', role })}
                    >
                      <Pencil />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Delete ${role.name}`}
                      onClick={() => setEditing({ kind: 'delete', role })}
                    >
                      <Trash2 />
                    </Button>
                  </div>
                )}
              </div>
              <div className="mt-3 flex flex-wrap gap-1.5">
                {role.permissions.map((permission) => (
                  <Badge key={permission}>{permission}</Badge>
                ))}
              </div>
            </Card>
          ))}
        </div>
      )}
      <Dialog open={editing !== undefined} onOpenChange={(open) => !open && close()}>
        {catalog.data && editing?.kind === 'create' && (
          <RoleDialogContent catalog={catalog.data} onDone={close} />
        )}
        {catalog.data && editing?.kind === 'edit' && (
          <RoleDialogContent catalog={catalog.data} role={editing.role} onDone={close} />
        )}
        {editing?.kind === 'delete' && (
          <DialogContent
            title={`Delete ${editing.role.name}?`}
            description="A role still assigned to a member or a pending invitation cannot be deleted."
          >
            <DialogFooter>
              <Button variant="outline" onClick={close}>
                Cancel
              </Button>
              <Button variant="danger" loading={deleting} onClick={() => void remove(editing.role)}>
                Delete role
              </Button>
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}

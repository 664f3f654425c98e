'use client';

import type { AdminUser } from '@switchboard/contracts/admin';
import { useQueryClient } from '@tanstack/react-query';
import { UserCog } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { formatCount, formatDate } from '@/lib/format';
import { keys, useAdminUsers, useMe } from '@/lib/queries';

export default function AdminUsersPage() {
  const queryClient = useQueryClient();
  const users = useAdminUsers();
  const me = useMe();
  // Platform admin opens every organization and the installation's settings: asked before it is given or taken.
  const [changing, setChanging] = useState<AdminUser>();

  async function setPlatformAdmin(user: AdminUser, isPlatformAdmin: boolean) {
    setChanging(undefined);
    try {
      await client.PATCH('/admin/users/{userId}', {
        params: { path: { userId: user.id } },
        body: { isPlatformAdmin },
      });
      toast.success(
        isPlatformAdmin
          ? `${user.name} is now a platform admin`
          : `${user.name} is no longer a platform admin`,
      );
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.adminUsers }),
      queryClient.invalidateQueries({ queryKey: keys.me }),
    ]);
  }

  return (
    <>
      <PageHeader title="Users" description="Everyone with an account on this installation." />
      <Card>
        {users.error ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : !users.data ? (
          <LoadingState />
        ) : users.data.length === 0 ? (
          <EmptyState icon={<UserCog />} title="No users yet" />
        ) : (
          <ul className="divide-y divide-border">
            {users.data.map((user) => (
              <li key={user.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
                <div className="grid min-w-0 flex-1">
                  <span className="flex items-center gap-2 truncate font-medium">
                    {user.name}
                    {user.isPlatformAdmin && <Badge tone="primary">Platform admin</Badge>}
                    {!user.emailVerified && <Badge tone="warning">Unverified</Badge>}
                  </span>
                  <span className="truncate text-sm text-muted">
                    {user.email} · {formatCount(user.organizationCount, 'organization', 'organizations')} ·
                    joined {formatDate(user.createdAt)}
                  </span>
                </div>
                {user.id !== me.data?.user.id && (
                  <Button variant="outline" size="sm" onClick={() => setChanging(user)}>
                    {user.isPlatformAdmin ? 'Revoke platform admin' : 'Make platform admin'}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {changing && (
        <ConfirmDialog
          open
          title={
            changing.isPlatformAdmin
              ? `Revoke platform admin from ${changing.name}?`
              : `Make ${changing.name} a platform admin?`
          }
          confirmLabel={changing.isPlatformAdmin ? 'Revoke platform admin' : 'Make platform admin'}
          onConfirm={() => void setPlatformAdmin(changing, !changing.isPlatformAdmin)}
          onCancel={() => setChanging(undefined)}
        >
          {changing.isPlatformAdmin
            ? `${changing.email} loses the admin pages at once: users, roles, prices, plans and every organization. Their own organizations stay theirs.`
            : `${changing.email} gets the admin pages at once: they can read every organization, grant credits, change roles, prices and plans, and make or revoke other platform admins.`}
        </ConfirmDialog>
      )}
    </>
  );
}

'use client';

import type { Member } from '@switchboard/contracts/members';
import type { Role } from '@switchboard/contracts/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { Trash2, Users } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { NativeSelect } from '@/components/ui/input';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { formatDate, initials } from '@/lib/format';
import { keys, useMe, useMembers } from '@/lib/queries';
import { roleName } from '@/lib/roles';

/** What a role change does, in words: what the new role may do, and what you lose when it is your own. */
function roleChangeOutcome(member: Member, roleKey: string, roles: Role[], isMe: boolean): string {
  const from = roles.find((role) => role.key === member.role);
  const to = roles.find((role) => role.key === roleKey);
  const name = to?.name ?? roleKey;
  const explained = to?.description ? ` ${name}: ${to.description}` : '';
  if (!isMe) return `${member.name} becomes ${name} at once.${explained}`;
  const lost = (from?.permissions ?? []).filter((permission) => !to?.permissions.includes(permission));
  if (lost.length === 0) return `You become ${name} at once; nothing you can do now is lost.${explained}`;
  const noWayBack = lost.includes('members:manage')
    ? ', including changing roles, so only another admin can give yours back'
    : '';
  const count = `${lost.length} ${lost.length === 1 ? 'permission' : 'permissions'}`;
  return `You will lose access at once (${count} of yours)${noWayBack}.${explained}`;
}

interface MemberListProps {
  orgId: string;
  roles: Role[];
  grantableRoles: Role[];
  canManage: boolean;
}

export function MemberList({ orgId, roles, grantableRoles, canManage }: MemberListProps) {
  const queryClient = useQueryClient();
  const me = useMe();
  const members = useMembers(orgId);
  const [removing, setRemoving] = useState<Member>();
  // A role change waits for a yes: it widens or narrows what someone may do at once (your own too).
  const [changing, setChanging] = useState<{ member: Member; role: string }>();
  const [busy, setBusy] = useState(false);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.members(orgId) }),
      queryClient.invalidateQueries({ queryKey: keys.organization(orgId) }),
      queryClient.invalidateQueries({ queryKey: keys.me }),
    ]);
  }

  async function changeRole(member: Member, role: string) {
    setChanging(undefined);
    try {
      await client.PATCH('/orgs/{orgId}/members/{userId}', {
        params: { path: { orgId, userId: member.userId } },
        body: { role },
      });
      toast.success(`${member.name} is now ${roleName({ roles, permissions: [] }, role)}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await refresh();
  }

  async function remove(member: Member) {
    setBusy(true);
    try {
      await client.DELETE('/orgs/{orgId}/members/{userId}', {
        params: { path: { orgId, userId: member.userId } },
      });
      toast.success(`${member.name} was removed`);
      setRemoving(undefined);
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
    await refresh();
  }

  if (members.error) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  if (!members.data) return <LoadingState />;
  if (members.data.length === 0) return <EmptyState icon={<Users />} title="No members yet" />;

  return (
    <>
      <ul className="divide-y divide-border">
        {members.data.map((member) => {
          const isMe = member.userId === me.data?.user.id;
          // A role outside what you may grant is shown but cannot be chosen for someone else.
          const choices = roles.filter(
            (role) =>
              role.key === member.role || grantableRoles.some((grantable) => grantable.key === role.key),
          );
          // Someone whose role holds permissions you lack is out of your reach: the API refuses to change
          // or remove them, so neither is offered.
          const manageable = canManage && grantableRoles.some((grantable) => grantable.key === member.role);
          return (
            // On a phone the name and address take the whole first line and the role and Remove wrap below
            // them, instead of squeezing the name to a few letters beside a full-width select.
            <li key={member.userId} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:px-5">
              <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-subtle text-xs font-semibold">
                {initials(member.name)}
              </span>
              <div className="grid min-w-0 flex-1 basis-[calc(100%-3rem)] sm:basis-0">
                <span className="truncate font-medium">
                  {member.name} {isMe && <Badge className="ml-1">You</Badge>}
                </span>
                <span className="truncate text-sm text-muted">{member.email}</span>
              </div>
              <span className="hidden text-sm text-muted md:block">Joined {formatDate(member.joinedAt)}</span>
              {manageable ? (
                <NativeSelect
                  className="ml-12 w-48 sm:ml-0"
                  aria-label={`Role of ${member.name}`}
                  value={member.role}
                  onChange={(event) => setChanging({ member, role: event.target.value })}
                >
                  {choices.map((role) => (
                    <option key={role.key} value={role.key}>
                      {role.name}
                    </option>
                  ))}
                </NativeSelect>
              ) : (
                <Badge tone="primary" className="ml-12 sm:ml-0" data-testid={`role-${member.email}`}>
                  {roleName({ roles, permissions: [] }, member.role)}
                </Badge>
              )}
              {manageable && (
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove ${member.name}`}
                  onClick={() => setRemoving(member)}
                >
                  <Trash2 className="text-muted" />
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {changing && (
        <ConfirmDialog
          open
          title={
            changing.member.userId === me.data?.user.id
              ? `Change your own role to ${roleName({ roles, permissions: [] }, changing.role)}?`
              : `Make ${changing.member.name} ${roleName({ roles, permissions: [] }, changing.role)}?`
          }
          confirmLabel="Change role"
          tone={changing.member.userId === me.data?.user.id ? 'danger' : 'primary'}
          onConfirm={() => void changeRole(changing.member, changing.role)}
          onCancel={() => setChanging(undefined)}
        >
          {roleChangeOutcome(
            changing.member,
            changing.role,
            roles,
            changing.member.userId === me.data?.user.id,
          )}
        </ConfirmDialog>
      )}
      <Dialog open={removing !== undefined} onOpenChange={(open) => !open && setRemoving(undefined)}>
        {removing && (
          <DialogContent
            title={`Remove ${removing.name}?`}
            description={`${removing.email} loses access to this organization at once. You can invite them again later.`}
          >
            <DialogFooter>
              <Button variant="outline" onClick={() => setRemoving(undefined)}>
                Cancel
              </Button>
              <Button variant="danger" loading={busy} onClick={() => void remove(removing)}>
                Remove member
              </Button>
            </DialogFooter>
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}

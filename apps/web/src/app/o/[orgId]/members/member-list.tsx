'use client';

import type { Member } from '@switchboard/contracts/members';
import type { Role } from '@switchboard/contracts/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { Trash2, Users } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog';
import { NativeSelect } from '@/components/ui/input';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { api, errorMessage } from '@/lib/api';
import { formatDate, initials } from '@/lib/format';
import { keys, useMe, useMembers } from '@/lib/queries';
import { roleName } from '@/lib/roles';

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
  const [busy, setBusy] = useState(false);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.members(orgId) }),
      queryClient.invalidateQueries({ queryKey: keys.organization(orgId) }),
      queryClient.invalidateQueries({ queryKey: keys.me }),
    ]);
  }

  async function changeRole(member: Member, role: string) {
    try {
      await api(`/orgs/${orgId}/members/${member.userId}`, { method: 'PATCH', body: { role } });
      toast.success(`${member.name} is now ${roleName({ roles, permissions: [] }, role)}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await refresh();
  }

  async function remove(member: Member) {
    setBusy(true);
    try {
      await api(`/orgs/${orgId}/members/${member.userId}`, { method: 'DELETE' });
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
            <li key={member.userId} className="flex flex-wrap items-center gap-3 px-5 py-3">
              <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-subtle text-xs font-semibold">
                {initials(member.name)}
              </span>
              <div className="grid min-w-0 flex-1">
                <span className="truncate font-medium">
                  {member.name} {isMe && <Badge className="ml-1">You</Badge>}
                </span>
                <span className="truncate text-sm text-muted">{member.email}</span>
              </div>
              <span className="hidden text-sm text-muted md:block">Joined {formatDate(member.joinedAt)}</span>
              {manageable ? (
                <NativeSelect
                  className="w-48"
                  aria-label={`Role of ${member.name}`}
                  value={member.role}
                  onChange={(event) => void changeRole(member, event.target.value)}
                >
                  {choices.map((role) => (
                    <option key={role.key} value={role.key}>
                      {role.name}
                    </option>
                  ))}
                </NativeSelect>
              ) : (
                <Badge tone="primary" data-testid={`role-${member.email}`}>
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

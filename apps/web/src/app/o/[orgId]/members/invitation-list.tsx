'use client';

import type { Invitation } from '@switchboard/contracts/members';
import type { Role, RoleCatalog } from '@switchboard/contracts/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { MailPlus } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { keys, useInvitations } from '@/lib/queries';
import { roleName } from '@/lib/roles';

const statusTone = {
  pending: 'warning',
  accepted: 'success',
  revoked: 'neutral',
  expired: 'neutral',
} as const;

export function InvitationList({
  orgId,
  catalog,
  grantableRoles,
  canInvite,
}: {
  orgId: string;
  catalog: RoleCatalog | undefined;
  /** Invitations for other roles hold permissions you lack: the API refuses to resend or revoke them. */
  grantableRoles: Role[];
  canInvite: boolean;
}) {
  const queryClient = useQueryClient();
  const invitations = useInvitations(orgId);
  const [revoking, setRevoking] = useState<Invitation>();

  async function act(invitation: Invitation, action: 'resend' | 'revoke') {
    setRevoking(undefined);
    try {
      if (action === 'resend') {
        await client.POST('/orgs/{orgId}/invitations/{invitationId}/resend', {
          params: { path: { orgId, invitationId: invitation.id } },
        });
        toast.success(`Sent the invitation to ${invitation.email} again`);
      } else {
        await client.DELETE('/orgs/{orgId}/invitations/{invitationId}', {
          params: { path: { orgId, invitationId: invitation.id } },
        });
        toast.success(`Revoked the invitation for ${invitation.email}`);
      }
    } catch (error) {
      toast.error(errorMessage(error));
    }
    await queryClient.invalidateQueries({ queryKey: keys.invitations(orgId) });
  }

  if (invitations.error)
    return <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />;
  if (!invitations.data) return <LoadingState />;
  if (invitations.data.length === 0) {
    return (
      <EmptyState icon={<MailPlus />} title="No invitations">
        Invite teammates by email; they appear here until they accept.
      </EmptyState>
    );
  }

  return (
    <>
      <ul className="divide-y divide-border">
        {invitations.data.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
            <div className="grid min-w-0 flex-1">
              <span className="truncate font-medium">{invitation.email}</span>
              <span className="truncate text-sm text-muted">
                {roleName(catalog, invitation.role)}
                {invitation.invitedBy && ` · invited by ${invitation.invitedBy.name}`}
                {invitation.status === 'pending' && ` · expires ${formatDate(invitation.expiresAt)}`}
              </span>
            </div>
            <Badge tone={statusTone[invitation.status]}>{invitation.status}</Badge>
            {canInvite &&
              invitation.status !== 'accepted' &&
              grantableRoles.some((role) => role.key === invitation.role) && (
                <div className="flex gap-1">
                  <Button variant="outline" size="sm" onClick={() => void act(invitation, 'resend')}>
                    Resend
                  </Button>
                  {invitation.status === 'pending' && (
                    <Button variant="ghost" size="sm" onClick={() => setRevoking(invitation)}>
                      Revoke
                    </Button>
                  )}
                </div>
              )}
          </li>
        ))}
      </ul>
      {revoking && (
        <ConfirmDialog
          open
          title={`Revoke the invitation for ${revoking.email}?`}
          confirmLabel="Revoke invitation"
          onConfirm={() => void act(revoking, 'revoke')}
          onCancel={() => setRevoking(undefined)}
        >
          The link in their email stops working at once, so they cannot join with it. You can invite them
          again later.
        </ConfirmDialog>
      )}
    </>
  );
}

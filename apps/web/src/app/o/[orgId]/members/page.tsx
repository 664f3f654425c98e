'use client';

import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useRoleCatalog } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { InvitationList } from './invitation-list';
import { InviteDialog } from './invite-dialog';
import { MemberList } from './member-list';

export default function MembersPage() {
  const { orgId, organization, can } = useCurrentOrganization();
  const catalog = useRoleCatalog();
  const roles = catalog.data?.roles ?? [];

  return (
    <OrganizationGate organization={organization}>
      {(org) => {
        // Nobody grants more than they hold: the API refuses it, so the form does not offer it.
        const grantableRoles = roles.filter((role) =>
          role.permissions.every((permission) => org.permissions.includes(permission)),
        );
        return (
          <>
            <PageHeader
              title="Members"
              description={`Who can work in ${org.name}, and what they can do.`}
              actions={
                can('members:invite') && <InviteDialog orgId={orgId} grantableRoles={grantableRoles} />
              }
            />
            <div className="grid gap-6">
              <Card>
                <CardHeader className="border-b border-border">
                  <CardTitle>Team</CardTitle>
                </CardHeader>
                <MemberList
                  orgId={orgId}
                  roles={roles}
                  grantableRoles={grantableRoles}
                  canManage={can('members:manage')}
                />
              </Card>
              <Card>
                <CardHeader className="border-b border-border">
                  <CardTitle>Invitations</CardTitle>
                  <CardDescription>Pending invitations can be sent again or revoked.</CardDescription>
                </CardHeader>
                <InvitationList
                  orgId={orgId}
                  catalog={catalog.data}
                  grantableRoles={grantableRoles}
                  canInvite={can('members:invite')}
                />
              </Card>
            </div>
          </>
        );
      }}
    </OrganizationGate>
  );
}

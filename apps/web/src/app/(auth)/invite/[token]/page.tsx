'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { ApiError, client } from '@/lib/api';
import { authClient } from '@/lib/auth-client';
import { formatDate } from '@/lib/format';
import { lastOrganization } from '@/lib/last-organization';
import { keys, useInvitationPreview, useMe } from '@/lib/queries';
import { useFormState } from '@/lib/use-form-state';

const closedReasons = {
  accepted: 'This invitation has already been accepted.',
  revoked: 'This invitation was revoked. Ask an administrator of the organization for a new one.',
  expired: 'This invitation has expired. Ask an administrator of the organization for a new one.',
};

export default function InvitationPage() {
  const { token } = useParams<{ token: string }>();
  const router = useRouter();
  const queryClient = useQueryClient();
  const preview = useInvitationPreview(token);
  const me = useMe();
  const { pending, formError, run } = useFormState();
  const here = `/invite/${token}`;

  if (preview.error instanceof ApiError && preview.error.status === 404) {
    return (
      <AuthCard title="Invitation not found">
        <Alert tone="danger">The link is incomplete or the invitation no longer exists.</Alert>
      </AuthCard>
    );
  }
  if (preview.error) return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  if (!preview.data || me.isPending) return <LoadingState />;
  const invitation = preview.data;

  function accept() {
    void run(async () => {
      const { organizationId } = await client.POST('/invitations/{token}/accept', {
        params: { path: { token } },
      });
      await queryClient.invalidateQueries({ queryKey: keys.me });
      lastOrganization.set(organizationId);
      router.replace(`/o/${organizationId}`);
    });
  }

  const signedInAs = me.data?.user.email;
  return (
    <AuthCard
      title={`Join ${invitation.organizationName}`}
      description={
        <>
          {invitation.inviterName ?? 'An administrator'} invited <strong>{invitation.email}</strong> to join
          as <strong>{invitation.roleName}</strong>.
        </>
      }
    >
      <div className="grid gap-4">
        {invitation.status !== 'pending' ? (
          <Alert tone="danger">{closedReasons[invitation.status]}</Alert>
        ) : signedInAs === invitation.email ? (
          <>
            <p className="text-sm text-muted">
              The invitation is valid until {formatDate(invitation.expiresAt)}.
            </p>
            {formError && <Alert tone="danger">{formError}</Alert>}
            <Button loading={pending} onClick={accept}>
              Accept invitation
            </Button>
          </>
        ) : signedInAs ? (
          <>
            <Alert tone="danger" title="Signed in with another account">
              You are signed in as {signedInAs}, but this invitation is for {invitation.email}.
            </Alert>
            <Button
              variant="outline"
              onClick={() =>
                void authClient.signOut().then(() => {
                  queryClient.clear();
                  router.push(`/sign-in?next=${encodeURIComponent(here)}`);
                })
              }
            >
              Sign out and switch account
            </Button>
          </>
        ) : (
          <>
            <Button asChild>
              <Link
                href={`/sign-up?next=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}
              >
                Create an account
              </Link>
            </Button>
            <Button asChild variant="outline">
              <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>I already have an account</Link>
            </Button>
          </>
        )}
      </div>
    </AuthCard>
  );
}

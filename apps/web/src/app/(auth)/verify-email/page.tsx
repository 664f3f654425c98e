'use client';

import { MailCheck } from 'lucide-react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { toast } from 'sonner';
import { AuthCard } from '@/components/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { ApiError } from '@/lib/api';
import { authCall, authClient } from '@/lib/auth-client';
import { safeNextPath } from '@/lib/next-path';
import { useConfig, useMe } from '@/lib/queries';
import { useFormState } from '@/lib/use-form-state';

function VerifyEmail() {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const linkFailed = params.get('error');
  const me = useMe();
  const config = useConfig();
  const [resent, setResent] = useState(false);
  const { pending, formError, run } = useFormState();
  const verified = me.data?.user.emailVerified;

  useEffect(() => {
    if (verified) router.replace(next);
  }, [verified, next, router]);
  // Someone may follow the link in another tab: notice it without a reload.
  useEffect(() => {
    const timer = setInterval(() => void me.refetch(), 3000);
    return () => clearInterval(timer);
  }, [me.refetch]);

  if (me.error instanceof ApiError && me.error.status === 401) {
    router.replace('/sign-in?next=/verify-email');
    return <LoadingState />;
  }
  if (me.error) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data || verified) return <LoadingState />;

  const email = me.data.user.email;
  function resend() {
    void run(async () => {
      await authCall(authClient.sendVerificationEmail({ email, callbackURL: next }));
      setResent(true);
      toast.success(`Sent a new link to ${email}`);
    });
  }

  return (
    <AuthCard
      title="Verify your email"
      description={
        <>
          We sent a link to <strong className="text-foreground">{email}</strong>. Open it to finish setting up
          your account.
        </>
      }
      footer={
        <button
          type="button"
          className="text-primary hover:underline"
          onClick={() => void authClient.signOut().then(() => router.replace('/sign-in'))}
        >
          Use another account
        </button>
      }
    >
      <div className="grid gap-4">
        {linkFailed && (
          <Alert tone="danger">That link is invalid or has expired. Send yourself a new one.</Alert>
        )}
        {config.data?.mailbox && (
          <Alert title="Emails stay on this machine">
            No email service is configured, so messages go to the local mailbox (and the terminal).
          </Alert>
        )}
        {config.data?.mailbox && (
          <Button asChild>
            <Link href="/mailbox">
              <MailCheck /> Open the local mailbox
            </Link>
          </Button>
        )}
        {formError && <Alert tone="danger">{formError}</Alert>}
        <Button variant="outline" loading={pending} disabled={resent} onClick={resend}>
          {resent ? 'Link sent' : 'Send the link again'}
        </Button>
      </div>
    </AuthCard>
  );
}

export default function VerifyEmailPage() {
  return (
    <Suspense>
      <VerifyEmail />
    </Suspense>
  );
}

'use client';

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

/**
 * "Check your email", after sign-up or a sign-in refused for an unverified address. Nobody is signed in
 * before verifying: the link itself signs the user in, so the address comes from the URL.
 */
function VerifyEmail() {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const linkFailed = params.get('error');
  const me = useMe();
  const config = useConfig();
  const [resent, setResent] = useState(false);
  const { pending, formError, run } = useFormState();
  const signedOut = me.error instanceof ApiError && me.error.status === 401;
  const email = me.data?.user.email ?? params.get('email');
  const verified = me.data?.user.emailVerified;

  useEffect(() => {
    if (verified) router.replace(next);
  }, [verified, next, router]);
  // The link may be opened in another tab of this browser, which signs it in: notice without a reload.
  useEffect(() => {
    const timer = setInterval(() => void me.refetch(), 3000);
    return () => clearInterval(timer);
  }, [me.refetch]);

  if (signedOut && !email) {
    return (
      <AuthCard title="Verify your email">
        <div className="grid gap-4">
          {linkFailed && <Alert tone="danger">That link is invalid or has expired.</Alert>}
          <p className="text-sm text-muted">Sign in with your address and password to get a new link.</p>
          <Button asChild>
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }
  if (me.error && !signedOut) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if ((!me.data && !signedOut) || verified || !email) return <LoadingState />;

  function resend() {
    if (!email) return;
    void run(async () => {
      await authCall(authClient.sendVerificationEmail({ email, callbackURL: next }));
      setResent(true);
      toast.success(`If ${email} waits for verification, a new link is on its way`);
    });
  }

  return (
    <AuthCard
      title="Verify your email"
      description={
        <>
          We sent a link to <strong className="text-foreground">{email}</strong>. Open it to finish setting up
          your account; it signs you in.
        </>
      }
      footer={
        signedOut ? (
          <Link className="text-primary hover:underline" href="/sign-in">
            Back to sign in
          </Link>
        ) : (
          <button
            type="button"
            className="text-primary hover:underline"
            onClick={() => void authClient.signOut().then(() => router.replace('/sign-in'))}
          >
            Use another account
          </button>
        )
      }
    >
      <div className="grid gap-4">
        {linkFailed && (
          <Alert tone="danger">That link is invalid or has expired. Send yourself a new one.</Alert>
        )}
        {config.data?.mailbox && (
          <Alert title="No email service is configured">
            This installation sends no real email. Your link is printed in the terminal where Switchboard runs
            (if you started it, look there) and kept in the local mailbox, which only platform admins can
            read. Otherwise, ask the person who runs this installation for your link.
          </Alert>
        )}
        {formError && <Alert tone="danger">{formError}</Alert>}
        <Button variant="outline" loading={pending} disabled={resent} onClick={resend}>
          {resent ? 'Verification email sent' : 'Resend verification email'}
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

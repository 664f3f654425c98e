'use client';

import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useFormState } from '@/lib/use-form-state';

/**
 * Shown above every page to a signed-in user whose address is not verified (a session from before
 * verification was required, or a Google account whose address Google had not verified): what it keeps
 * them from, and the way out. The link goes through better-auth's own flow and the email outbox, and comes
 * back to this page; better-auth limits how often it is sent.
 */
export function VerifyEmailBanner({ email }: { email: string }) {
  const pathname = usePathname();
  const [sent, setSent] = useState(false);
  const { pending, formError, run } = useFormState();

  function resend() {
    void run(async () => {
      // Loaded on use: the banner is part of every page, better-auth's client is needed only here.
      const { authCall, authClient } = await import('@/lib/auth-client');
      await authCall(authClient.sendVerificationEmail({ email, callbackURL: pathname }));
      setSent(true);
    });
  }

  return (
    <Alert tone="info" title="Verify your email address" className="mb-6">
      <div className="grid gap-2">
        <p>
          Until <strong className="text-foreground">{email}</strong> is verified you cannot create
          organizations or use the platform admin pages. Open the link we sent you; it brings you back here.
        </p>
        {formError && <p className="text-danger">{formError}</p>}
        <div>
          <Button size="sm" variant="outline" loading={pending} disabled={sent} onClick={resend}>
            {sent ? 'Verification email sent' : 'Resend verification email'}
          </Button>
        </div>
      </div>
    </Alert>
  );
}

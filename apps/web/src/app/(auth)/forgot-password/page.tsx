'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { AuthCard } from '@/components/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { authCall, authClient } from '@/lib/auth-client';
import { useConfig } from '@/lib/queries';
import { useFormState } from '@/lib/use-form-state';

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { pending, formError, run } = useFormState();
  const config = useConfig();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await authCall(authClient.requestPasswordReset({ email, redirectTo: '/reset-password' }));
      setSent(true);
    });
  }

  return (
    <AuthCard
      title="Reset your password"
      description="We will email you a link to choose a new password."
      footer={
        <Link className="font-medium text-primary hover:underline" href="/sign-in">
          Back to sign in
        </Link>
      }
    >
      {sent ? (
        <Alert tone="success" title="Check your inbox">
          If an account exists for {email}, a reset link is on its way. It works for one hour.
          {config.data?.mailbox && (
            <>
              {' '}
              This installation sends no real email: the link is printed in the terminal where Switchboard
              runs and kept in the{' '}
              <Link className="text-primary underline" href="/mailbox">
                local mailbox
              </Link>{' '}
              for platform admins. Ask the person who runs it for your link.
            </>
          )}
        </Alert>
      ) : (
        <form className="grid gap-4" onSubmit={submit}>
          <Field id="email" label="Email">
            <Input
              id="email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </Field>
          {formError && <Alert tone="danger">{formError}</Alert>}
          <Button type="submit" loading={pending} className="w-full">
            Send reset link
          </Button>
        </form>
      )}
    </AuthCard>
  );
}

'use client';

import { PASSWORD_HINT, PASSWORD_MIN_LENGTH } from '@switchboard/contracts/passwords';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { AuthCard } from '@/components/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { ApiError } from '@/lib/api';
import { authCall, authClient } from '@/lib/auth-client';
import { useFormState } from '@/lib/use-form-state';

function ResetPasswordForm() {
  const router = useRouter();
  const params = useSearchParams();
  const token = params.get('token');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();

  if (!token) {
    return (
      <AuthCard title="This link does not work">
        <Alert tone="danger">
          The reset link is invalid or has expired.{' '}
          <Link className="underline" href="/forgot-password">
            Ask for a new one
          </Link>
          .
        </Alert>
      </AuthCard>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if ([...password].length < PASSWORD_MIN_LENGTH) {
      return setFieldErrors({ password: `Use at least ${PASSWORD_MIN_LENGTH} characters` });
    }
    if (password !== confirmation) return setFieldErrors({ confirmation: 'The passwords differ' });
    void run(async () => {
      try {
        await authCall(authClient.resetPassword({ newPassword: password, token: token ?? '' }));
      } catch (error) {
        // The API names the field newPassword; this form calls it password.
        if (error instanceof ApiError && error.fieldErrors.newPassword) {
          return setFieldErrors({ password: error.fieldErrors.newPassword });
        }
        throw error;
      }
      router.replace('/sign-in?reset=done');
    });
  }

  return (
    <AuthCard title="Choose a new password" description="You will be signed out of every other device.">
      <form className="grid gap-4" onSubmit={submit} noValidate>
        <Field id="password" label="New password" error={fieldErrors.password} hint={PASSWORD_HINT}>
          <Input
            id="password"
            type="password"
            autoComplete="new-password"
            value={password}
            aria-invalid={Boolean(fieldErrors.password)}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <Field id="confirmation" label="Repeat it" error={fieldErrors.confirmation}>
          <Input
            id="confirmation"
            type="password"
            autoComplete="new-password"
            value={confirmation}
            aria-invalid={Boolean(fieldErrors.confirmation)}
            onChange={(event) => setConfirmation(event.target.value)}
          />
        </Field>
        {formError && <Alert tone="danger">{formError}</Alert>}
        <Button type="submit" loading={pending} className="w-full">
          Set password
        </Button>
      </form>
    </AuthCard>
  );
}

export default function ResetPasswordPage() {
  return (
    <Suspense>
      <ResetPasswordForm />
    </Suspense>
  );
}

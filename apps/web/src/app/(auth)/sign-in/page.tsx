'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { AuthCard } from '@/components/auth-card';
import { GoogleButton } from '@/components/google-button';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { ApiError } from '@/lib/api';
import { authCall, authClient } from '@/lib/auth-client';
import { safeNextPath } from '@/lib/next-path';
import { useFormState } from '@/lib/use-form-state';

function SignInForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { pending, formError, run } = useFormState();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      try {
        await authCall(authClient.signIn.email({ email, password }));
      } catch (error) {
        // The password was right, but no session exists before the address is verified.
        if (error instanceof ApiError && error.code === 'EMAIL_NOT_VERIFIED') {
          return router.replace(
            `/verify-email?email=${encodeURIComponent(email)}&next=${encodeURIComponent(next)}`,
          );
        }
        throw error;
      }
      queryClient.clear();
      router.replace(next);
    });
  }

  const withNext = (path: string) => (params.get('next') ? `${path}?next=${encodeURIComponent(next)}` : path);
  return (
    <AuthCard
      title="Sign in"
      description="Welcome back to Switchboard."
      footer={
        <>
          New here?{' '}
          <Link className="font-medium text-primary hover:underline" href={withNext('/sign-up')}>
            Create an account
          </Link>
        </>
      }
    >
      <form className="grid gap-4" onSubmit={submit} noValidate>
        {params.get('reset') === 'done' && (
          <Alert tone="success">Password changed. Sign in with the new one.</Alert>
        )}
        <GoogleButton next={next} />
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
        <Field
          id="password"
          label="Password"
          action={
            <Link className="text-sm text-primary hover:underline" href="/forgot-password">
              Forgot password?
            </Link>
          }
        >
          <Input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        {formError && <Alert tone="danger">{formError}</Alert>}
        <Button type="submit" loading={pending} className="w-full">
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}

export default function SignInPage() {
  return (
    <Suspense>
      <SignInForm />
    </Suspense>
  );
}

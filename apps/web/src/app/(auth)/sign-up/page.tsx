'use client';

import { PASSWORD_HINT, PASSWORD_MIN_LENGTH } from '@switchboard/contracts/passwords';
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
import { authCall, authClient } from '@/lib/auth-client';
import { safeNextPath } from '@/lib/next-path';
import { useFormState } from '@/lib/use-form-state';

function SignUpForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [name, setName] = useState('');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (name.trim().length === 0) errors.name = 'Enter your name';
    if (!/^\S+@\S+\.\S+$/.test(email)) errors.email = 'Enter a valid email address';
    if ([...password].length < PASSWORD_MIN_LENGTH) {
      errors.password = `Use at least ${PASSWORD_MIN_LENGTH} characters`;
    }
    if (Object.keys(errors).length > 0) return setFieldErrors(errors);
    void run(async () => {
      // The verification link signs the user in and brings them back to `next` (an invitation, or the
      // dashboard). The answer is the same whether or not the address already has an account (its owner
      // gets an email instead), so there is nothing to tell here but "check your email".
      await authCall(authClient.signUp.email({ name: name.trim(), email, password, callbackURL: next }));
      queryClient.clear();
      router.replace(`/verify-email?email=${encodeURIComponent(email)}&next=${encodeURIComponent(next)}`);
    });
  }

  return (
    <AuthCard
      title="Create your account"
      description="Build voice agents on infrastructure you own."
      footer={
        <>
          Already have an account?{' '}
          <Link
            className="font-medium text-primary hover:underline"
            href={params.get('next') ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}
          >
            Sign in
          </Link>
        </>
      }
    >
      <form className="grid gap-4" onSubmit={submit} noValidate>
        <GoogleButton next={next} />
        <Field id="name" label="Name" error={fieldErrors.name}>
          <Input
            id="name"
            autoComplete="name"
            value={name}
            aria-invalid={Boolean(fieldErrors.name)}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
        <Field id="email" label="Work email" error={fieldErrors.email}>
          <Input
            id="email"
            type="email"
            autoComplete="email"
            value={email}
            aria-invalid={Boolean(fieldErrors.email)}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field id="password" label="Password" error={fieldErrors.password} hint={PASSWORD_HINT}>
          <Input
            id="password"
            type="password"
            autoComplete="new-password"
            value={password}
            aria-invalid={Boolean(fieldErrors.password)}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        {formError && <Alert tone="danger">{formError}</Alert>}
        <Button type="submit" loading={pending} className="w-full">
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}

export default function SignUpPage() {
  return (
    <Suspense>
      <SignUpForm />
    </Suspense>
  );
}

'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { AppShell } from '@/components/app-shell';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { client } from '@/lib/api';
import { lastOrganization } from '@/lib/last-organization';
import { keys, useMe } from '@/lib/queries';
import { useFormState } from '@/lib/use-form-state';

function CreateOrganization() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useMe();
  const [name, setName] = useState('');
  const { pending, formError, fieldErrors, run } = useFormState();
  const verified = me.data?.user.emailVerified ?? false;
  const firstOne = (me.data?.organizations.length ?? 0) === 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const organization = await client.POST('/organizations', {
        body: { name, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
      });
      await queryClient.invalidateQueries({ queryKey: keys.me });
      lastOrganization.set(organization.id);
      router.push(`/o/${organization.id}`);
    });
  }

  return (
    <div className="mx-auto max-w-lg py-6">
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">
            {firstOne ? 'Create your organization' : 'Create an organization'}
          </CardTitle>
          <CardDescription>
            An organization holds your agents, tools, calls and team. You can belong to several.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form className="grid gap-4" onSubmit={submit} noValidate>
            {!verified && (
              <Alert tone="danger" title="Verify your email first">
                Only verified accounts can create organizations.{' '}
                <Link className="underline" href="/verify-email?next=/onboarding">
                  Verify now
                </Link>
              </Alert>
            )}
            <Field
              id="name"
              label="Organization name"
              error={fieldErrors.name}
              hint="You can rename it later."
            >
              <Input
                id="name"
                placeholder="Acme Dental"
                value={name}
                aria-invalid={Boolean(fieldErrors.name)}
                onChange={(event) => setName(event.target.value)}
                disabled={!verified}
              />
            </Field>
            {formError && <Alert tone="danger">{formError}</Alert>}
            <Button type="submit" loading={pending} disabled={!verified}>
              Create organization
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}

export default function OnboardingPage() {
  return (
    <AppShell>
      <CreateOrganization />
    </AppShell>
  );
}

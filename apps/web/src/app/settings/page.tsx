'use client';

import { PASSWORD_HINT, PASSWORD_MIN_LENGTH } from '@switchboard/contracts/passwords';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { AppShell, PageHeader } from '@/components/app-shell';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { authCall, authClient } from '@/lib/auth-client';
import { keys, useMe } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

function ProfileCard({
  name: initialName,
  email,
  verified,
}: {
  name: string;
  email: string;
  verified: boolean;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(initialName);
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();
  useUnsavedChanges(name.trim() !== initialName);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setFieldErrors({ name: 'Enter your name' });
    void run(async () => {
      await authCall(authClient.updateUser({ name: name.trim() }));
      await queryClient.invalidateQueries({ queryKey: keys.me });
      toast.success('Profile saved');
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>How teammates see you.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field id="profile-name" label="Name" error={fieldErrors.name}>
            <Input
              id="profile-name"
              value={name}
              aria-invalid={Boolean(fieldErrors.name)}
              onChange={(event) => setName(event.target.value)}
            />
          </Field>
          <div className="grid gap-1.5 text-sm">
            <span className="font-medium">Email</span>
            <span className="flex items-center gap-2">
              {email}
              <Badge tone={verified ? 'success' : 'warning'}>{verified ? 'Verified' : 'Not verified'}</Badge>
            </span>
          </div>
          {formError && <Alert tone="danger">{formError}</Alert>}
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={pending} disabled={name.trim() === initialName}>
            Save
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function PasswordCard() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();
  useUnsavedChanges(currentPassword !== '' || newPassword !== '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if ([...newPassword].length < PASSWORD_MIN_LENGTH) {
      return setFieldErrors({ newPassword: `Use at least ${PASSWORD_MIN_LENGTH} characters` });
    }
    void run(async () => {
      await authCall(authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions: true }));
      setCurrentPassword('');
      setNewPassword('');
      toast.success('Password changed; other devices were signed out');
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>Password</CardTitle>
          <CardDescription>Changing it signs you out everywhere else.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <Field id="current-password" label="Current password">
            <Input
              id="current-password"
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.target.value)}
            />
          </Field>
          <Field id="new-password" label="New password" error={fieldErrors.newPassword} hint={PASSWORD_HINT}>
            <Input
              id="new-password"
              type="password"
              autoComplete="new-password"
              value={newPassword}
              aria-invalid={Boolean(fieldErrors.newPassword)}
              onChange={(event) => setNewPassword(event.target.value)}
            />
          </Field>
          {formError && (
            <Alert tone="danger" className="sm:col-span-2">
              {formError}
            </Alert>
          )}
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={pending} disabled={!currentPassword || !newPassword}>
            Change password
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function AccountSettings() {
  const me = useMe();
  if (!me.data) return null;
  const { user } = me.data;
  return (
    <>
      <PageHeader title="Account" description="Your own settings, across every organization." />
      <div className="grid gap-6">
        <ProfileCard key={user.name} name={user.name} email={user.email} verified={user.emailVerified} />
        <PasswordCard />
      </div>
    </>
  );
}

export default function AccountSettingsPage() {
  return (
    <AppShell>
      <AccountSettings />
    </AppShell>
  );
}

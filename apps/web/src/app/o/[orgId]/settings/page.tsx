'use client';

import type { MyOrganization } from '@switchboard/contracts/organizations';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { client } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { keys } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { useFormState } from '@/lib/use-form-state';

function GeneralForm({ organization, canManage }: { organization: MyOrganization; canManage: boolean }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(organization.name);
  const [timeZone, setTimeZone] = useState(organization.timeZone);
  const { pending, formError, fieldErrors, run } = useFormState();
  useUnsavedChanges(name !== organization.name || timeZone !== organization.timeZone);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await client.PATCH('/orgs/{orgId}', {
        params: { path: { orgId: organization.id } },
        body: { name, timeZone },
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.organization(organization.id) }),
        queryClient.invalidateQueries({ queryKey: keys.me }),
      ]);
      toast.success('Organization saved');
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>The name your team and your callers' records show.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field id="org-name" label="Organization name" error={fieldErrors.name}>
            <Input
              id="org-name"
              value={name}
              disabled={!canManage}
              aria-invalid={Boolean(fieldErrors.name)}
              onChange={(event) => setName(event.target.value)}
            />
          </Field>
          <Field
            id="org-time-zone"
            label="Time zone"
            error={fieldErrors.timeZone}
            hint="Appointments, working hours and call times are read in it, e.g. Europe/Berlin."
          >
            <Input
              id="org-time-zone"
              list="time-zones"
              value={timeZone}
              disabled={!canManage}
              aria-invalid={Boolean(fieldErrors.timeZone)}
              onChange={(event) => setTimeZone(event.target.value)}
            />
            <datalist id="time-zones">
              {Intl.supportedValuesOf('timeZone').map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </Field>
          {!canManage && <Alert>Only members who can manage the organization can change these.</Alert>}
          {formError && <Alert tone="danger">{formError}</Alert>}
        </CardContent>
        {canManage && (
          <CardFooter>
            <Button
              type="submit"
              loading={pending}
              disabled={name.trim() === organization.name && timeZone === organization.timeZone}
            >
              Save
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}

export default function OrganizationSettingsPage() {
  const { organization, can } = useCurrentOrganization();
  return (
    <OrganizationGate organization={organization}>
      {(org) => (
        <>
          <PageHeader title="Settings" description={`Settings of ${org.name}.`} />
          <div className="grid gap-6">
            <GeneralForm
              key={`${org.name}:${org.timeZone}`}
              organization={org}
              canManage={can('org:manage')}
            />
            {can('api_keys:manage') && (
              <Card>
                <CardHeader>
                  <CardTitle>API keys</CardTitle>
                  <CardDescription>Call this organization's API from your own systems.</CardDescription>
                </CardHeader>
                <CardFooter>
                  <Button asChild variant="outline">
                    <Link href={`/o/${org.id}/settings/api-keys`}>Manage API keys</Link>
                  </Button>
                </CardFooter>
              </Card>
            )}
            {can('webhooks:manage') && (
              <Card>
                <CardHeader>
                  <CardTitle>Webhooks</CardTitle>
                  <CardDescription>Send call and billing events to your own systems, signed.</CardDescription>
                </CardHeader>
                <CardFooter>
                  <Button asChild variant="outline">
                    <Link href={`/o/${org.id}/settings/webhooks`}>Manage webhooks</Link>
                  </Button>
                </CardFooter>
              </Card>
            )}
            <Card>
              <CardHeader>
                <CardTitle>Details</CardTitle>
              </CardHeader>
              <CardContent>
                <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
                  <dt className="text-muted">Organization id</dt>
                  <dd className="break-all font-mono text-xs">{org.id}</dd>
                  <dt className="text-muted">Slug</dt>
                  <dd className="font-mono text-xs">{org.slug}</dd>
                  <dt className="text-muted">Created</dt>
                  <dd>{formatDate(org.createdAt)}</dd>
                </dl>
              </CardContent>
            </Card>
          </div>
        </>
      )}
    </OrganizationGate>
  );
}

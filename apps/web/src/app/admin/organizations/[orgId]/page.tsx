'use client';

import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { LedgerTable } from '@/components/billing/ledger-table';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { client } from '@/lib/api';
import { formatCredits } from '@/lib/format';
import { keys, useAdminLedgerPages, useAdminOrganizations } from '@/lib/queries';
import { useUnsavedChanges } from '@/lib/unsaved-changes';
import { useFormState } from '@/lib/use-form-state';

function GrantForm({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const [credits, setCredits] = useState('');
  const [reason, setReason] = useState('');
  // One key per intended grant: a double click or a retried request grants once; a new grant gets a new key.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const { pending, formError, fieldErrors, run, setFieldErrors } = useFormState();
  useUnsavedChanges(credits !== '' || reason !== '');

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!/^\d+(\.\d{1,3})?$/.test(credits.trim()) || Number(credits) <= 0)
      errors.credits = 'Enter a number of credits above 0, with at most 3 decimals.';
    if (reason.trim() === '') errors.reason = 'Say why, for the ledger.';
    if (Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return;
    }
    void run(async () => {
      const result = await client.POST('/admin/organizations/{orgId}/credits', {
        params: { path: { orgId } },
        body: { credits: Number(credits), reason: reason.trim(), idempotencyKey },
      });
      await queryClient.invalidateQueries({ queryKey: keys.adminLedger(orgId) });
      toast.success(
        result.granted
          ? `Granted ${formatCredits(Number(credits))} credits. Balance: ${formatCredits(result.balanceCredits)}`
          : `Already granted. Balance: ${formatCredits(result.balanceCredits)}`,
      );
      setCredits('');
      setReason('');
      setIdempotencyKey(crypto.randomUUID());
    });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>Grant credits</CardTitle>
          <CardDescription>
            Added to the balance at once and written to the ledger with your reason.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-[12rem_1fr]">
          <Field id="grant-credits" label="Credits" error={fieldErrors.credits}>
            <Input
              id="grant-credits"
              inputMode="decimal"
              value={credits}
              aria-invalid={Boolean(fieldErrors.credits)}
              aria-describedby={fieldErrors.credits ? 'grant-credits-error' : undefined}
              onChange={(event) => setCredits(event.target.value)}
            />
          </Field>
          <Field id="grant-reason" label="Reason" error={fieldErrors.reason}>
            <Textarea
              id="grant-reason"
              rows={2}
              value={reason}
              placeholder="e.g. Pilot agreement, invoice 2026-014"
              aria-invalid={Boolean(fieldErrors.reason)}
              aria-describedby={fieldErrors.reason ? 'grant-reason-error' : undefined}
              onChange={(event) => setReason(event.target.value)}
            />
          </Field>
          {formError && (
            <Alert tone="danger" className="sm:col-span-2">
              {formError}
            </Alert>
          )}
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={pending}>
            Grant credits
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

export default function AdminOrganizationPage() {
  const { orgId } = useParams<{ orgId: string }>();
  const organizations = useAdminOrganizations();
  const ledger = useAdminLedgerPages(orgId);
  const organization = organizations.data?.find((org) => org.id === orgId);

  return (
    <>
      <Link
        href="/admin/organizations"
        className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-foreground"
      >
        <ArrowLeft className="size-4" /> Organizations
      </Link>
      <PageHeader
        title={organization?.name ?? 'Organization'}
        description={
          organization ? <span className="font-mono text-xs">{organization.slug}</span> : undefined
        }
      />
      <div className="grid gap-6">
        <GrantForm orgId={orgId} />
        <Card>
          <CardHeader>
            <CardTitle>Ledger</CardTitle>
            <CardDescription>Every credit added or spent, newest first.</CardDescription>
          </CardHeader>
          <LedgerTable ledger={ledger} />
        </Card>
      </div>
    </>
  );
}

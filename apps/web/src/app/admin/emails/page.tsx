'use client';

import { MailCheck } from 'lucide-react';
import { PageHeader } from '@/components/app-shell';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { formatCount, formatDateTime, humanize } from '@/lib/format';
import { useAdminFailedEmails } from '@/lib/queries';

export default function AdminFailedEmailsPage() {
  const emails = useAdminFailedEmails();
  return (
    <>
      <PageHeader
        title="Failed emails"
        description="Emails the provider refused for good, or that were still undelivered after every retry."
      />
      <Card>
        {emails.error ? (
          <ErrorState error={emails.error} onRetry={() => void emails.refetch()} />
        ) : !emails.data ? (
          <LoadingState />
        ) : emails.data.length === 0 ? (
          <EmptyState icon={<MailCheck />} title="No failed emails">
            Every email was delivered, or is still being retried.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-border">
            {emails.data.map((email) => (
              <li key={email.id} className="grid gap-1 px-5 py-3">
                <div className="flex flex-wrap items-center gap-3">
                  <span className="min-w-0 flex-1 truncate font-medium">{email.to}</span>
                  <span className="text-sm text-muted">{humanize(email.template)}</span>
                  <span className="hidden w-40 text-right text-sm text-muted sm:block">
                    {formatDateTime(email.failedAt)}
                  </span>
                </div>
                <span className="truncate text-sm">{email.subject}</span>
                <span className="break-words font-mono text-xs text-muted">
                  {email.reason ?? 'no reason recorded'} ·{' '}
                  {formatCount(email.attempts, 'attempt', 'attempts')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

'use client';

import { Inbox } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { Card } from '@/components/ui/card';
import { EmptyState, LoadingState } from '@/components/ui/states';
import { formatDateTime } from '@/lib/format';
import { useMailbox } from '@/lib/queries';
import { MailboxUnavailable } from './mailbox-unavailable';

export default function MailboxPage() {
  const mailbox = useMailbox();
  return (
    <>
      <PageHeader
        title="Local mailbox"
        description="No email service is configured, so every email Switchboard sends is kept here for platform admins (and printed in the terminal). Pass each person their link, or set RESEND_API_KEY or SMTP_URL to send real email."
      />
      <Card>
        {mailbox.error ? (
          <MailboxUnavailable error={mailbox.error} onRetry={() => void mailbox.refetch()} />
        ) : !mailbox.data ? (
          <LoadingState />
        ) : mailbox.data.length === 0 ? (
          <EmptyState icon={<Inbox />} title="No emails yet">
            Verification, password reset and invitation emails appear here a moment after they are sent.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-border">
            {mailbox.data.map((message) => (
              <li key={message.id}>
                <Link
                  href={`/mailbox/${message.id}`}
                  className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3 hover:bg-subtle"
                >
                  <span className="min-w-0 flex-1 truncate font-medium">{message.subject}</span>
                  <span className="truncate text-sm text-muted">{message.to}</span>
                  <span className="w-40 text-right text-sm text-muted">
                    {formatDateTime(message.createdAt)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

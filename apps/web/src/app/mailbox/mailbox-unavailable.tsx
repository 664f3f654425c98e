import { Inbox, Lock } from 'lucide-react';
import Link from 'next/link';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { ApiError } from '@/lib/api';

/**
 * Why the local mailbox cannot be shown. It holds every email of the installation, other people's sign-in
 * and reset links included, so the API gives it to platform admins only; everyone else is told where their
 * link comes from instead.
 */
export function MailboxUnavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 404) {
    return (
      <EmptyState icon={<Inbox />} title="The local mailbox is off">
        This installation sends real email, so there is nothing to see here.
      </EmptyState>
    );
  }
  if (status === 401 || status === 403) {
    return (
      <EmptyState icon={<Lock />} title="Only platform admins can read the local mailbox">
        It holds every email this installation sent, including other people&apos;s sign-in links. If you are
        waiting for a link, ask the person who runs this installation: it is also printed in their terminal.
        {status === 401 && (
          <>
            {' '}
            <Link className="text-primary underline" href="/sign-in?next=/mailbox">
              Sign in as a platform admin
            </Link>
            .
          </>
        )}
      </EmptyState>
    );
  }
  return <ErrorState error={error} onRetry={onRetry} />;
}

'use client';

import type { LedgerPage } from '@switchboard/contracts/billing';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { ReceiptText } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { cn } from '@/lib/cn';
import { formatCredits, formatDateTime, humanize } from '@/lib/format';

/**
 * An organization's ledger, newest first, read page by page. `callHref` links usage entries to their call
 * (only where the reader can open calls).
 */
export function LedgerTable({
  ledger,
  callHref,
}: {
  ledger: UseInfiniteQueryResult<InfiniteData<LedgerPage>>;
  callHref?: (callId: string) => string;
}) {
  if (ledger.error) return <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />;
  if (!ledger.data) return <LoadingState />;
  const entries = ledger.data.pages.flatMap((page) => page.entries);
  if (entries.length === 0) return <EmptyState icon={<ReceiptText />} title="No ledger entries yet" />;
  return (
    <>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Ledger">
          <thead className="border-b border-border text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="px-5 py-2 font-medium">When</th>
              <th className="px-3 py-2 font-medium">Kind</th>
              <th className="px-3 py-2 font-medium">Reason</th>
              <th className="px-5 py-2 text-right font-medium">Credits</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="whitespace-nowrap px-5 py-2.5">{formatDateTime(entry.createdAt)}</td>
                <td className="whitespace-nowrap px-3 py-2.5">{humanize(entry.kind)}</td>
                <td className="px-3 py-2.5 text-muted">
                  {entry.reason ??
                    (entry.callId && callHref ? (
                      <Link href={callHref(entry.callId)} className="text-primary hover:underline">
                        Call
                      </Link>
                    ) : entry.callId ? (
                      'Call'
                    ) : (
                      '–'
                    ))}
                </td>
                <td
                  className={cn(
                    'whitespace-nowrap px-5 py-2.5 text-right tabular-nums',
                    entry.amountCredits > 0 && 'text-success',
                  )}
                >
                  {entry.amountCredits > 0 ? '+' : ''}
                  {formatCredits(entry.amountCredits)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ledger.hasNextPage && (
        <div className="flex justify-center border-t border-border p-3">
          <Button
            variant="outline"
            size="sm"
            loading={ledger.isFetchingNextPage}
            onClick={() => void ledger.fetchNextPage()}
          >
            Load more
          </Button>
        </div>
      )}
    </>
  );
}

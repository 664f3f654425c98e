'use client';

import { Building2 } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { formatCount, formatDate } from '@/lib/format';
import { useAdminOrganizations } from '@/lib/queries';

export default function AdminOrganizationsPage() {
  const organizations = useAdminOrganizations();
  return (
    <>
      <PageHeader
        title="Organizations"
        description="Every organization on this installation. Open one for its ledger and to grant credits."
      />
      <Card>
        {organizations.error ? (
          <ErrorState error={organizations.error} onRetry={() => void organizations.refetch()} />
        ) : !organizations.data ? (
          <LoadingState />
        ) : organizations.data.length === 0 ? (
          <EmptyState icon={<Building2 />} title="No organizations yet" />
        ) : (
          <ul className="divide-y divide-border">
            {organizations.data.map((org) => (
              <li key={org.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
                <div className="grid min-w-0 flex-1">
                  <Link
                    href={`/admin/organizations/${org.id}`}
                    className="truncate font-medium text-primary hover:underline"
                  >
                    {org.name}
                  </Link>
                  <span className="truncate font-mono text-xs text-muted">{org.slug}</span>
                </div>
                <span className="text-sm text-muted">
                  {formatCount(org.memberCount, 'member', 'members')}
                </span>
                <span className="hidden w-32 text-right text-sm text-muted sm:block">
                  {formatDate(org.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

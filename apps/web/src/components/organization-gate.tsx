'use client';

import type { MyOrganization } from '@switchboard/contracts/organizations';
import type { UseQueryResult } from '@tanstack/react-query';
import { Building2 } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { ApiError } from '@/lib/api';

/** Loading, not-found and error states for a page about one organization. */
export function OrganizationGate({
  organization,
  children,
}: {
  organization: UseQueryResult<MyOrganization>;
  children: (organization: MyOrganization) => ReactNode;
}) {
  if (organization.error instanceof ApiError && organization.error.status === 404) {
    return (
      <EmptyState icon={<Building2 />} title="Organization not found">
        <p>It does not exist or you are not a member of it.</p>
        <Button asChild variant="outline" size="sm" className="mt-3">
          <Link href="/">Go to your dashboard</Link>
        </Button>
      </EmptyState>
    );
  }
  if (organization.error) {
    return <ErrorState error={organization.error} onRetry={() => void organization.refetch()} />;
  }
  if (!organization.data) return <LoadingState />;
  return children(organization.data);
}

'use client';

import { useParams } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { AppShell } from '@/components/app-shell';
import { ApiError } from '@/lib/api';
import { lastOrganization } from '@/lib/last-organization';
import { useOrganization } from '@/lib/queries';
import { useOrganizationTitle } from '@/lib/use-document-title';

export default function OrganizationLayout({ children }: { children: ReactNode }) {
  const { orgId } = useParams<{ orgId: string }>();
  const organization = useOrganization(orgId);
  const isMember = organization.isSuccess;
  const isNotMember = organization.error instanceof ApiError && organization.error.status === 404;
  // Remembered for `/` only while the user is a member, so `/` never sends them to a page they cannot open.
  useEffect(() => {
    if (isMember) lastOrganization.set(orgId);
    else if (isNotMember && lastOrganization.get() === orgId) lastOrganization.clear();
  }, [orgId, isMember, isNotMember]);
  useOrganizationTitle(organization.data?.name);
  return <AppShell orgId={orgId}>{children}</AppShell>;
}

'use client';

import { useParams } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { AppShell } from '@/components/app-shell';
import { lastOrganization } from '@/lib/last-organization';
import { useOrganization } from '@/lib/queries';
import { useOrganizationTitle } from '@/lib/use-document-title';

export default function OrganizationLayout({ children }: { children: ReactNode }) {
  const { orgId } = useParams<{ orgId: string }>();
  useEffect(() => lastOrganization.set(orgId), [orgId]);
  useOrganizationTitle(useOrganization(orgId).data?.name);
  return <AppShell orgId={orgId}>{children}</AppShell>;
}

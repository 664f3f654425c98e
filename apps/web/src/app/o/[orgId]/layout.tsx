'use client';

import { useParams } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { AppShell } from '@/components/app-shell';
import { lastOrganization } from '@/lib/last-organization';

export default function OrganizationLayout({ children }: { children: ReactNode }) {
  const { orgId } = useParams<{ orgId: string }>();
  useEffect(() => lastOrganization.set(orgId), [orgId]);
  return <AppShell orgId={orgId}>{children}</AppShell>;
}

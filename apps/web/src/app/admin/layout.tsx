'use client';

import { ShieldAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { EmptyState, LoadingState } from '@/components/ui/states';
import { useMe } from '@/lib/queries';
import { useAdminTitle } from '@/lib/use-document-title';

function PlatformAdminOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  if (!me.data) return <LoadingState />;
  // The shell's banner above offers the verification link; the API refuses these pages until then.
  if (me.data.user.isPlatformAdmin && !me.data.user.emailVerified) {
    return (
      <EmptyState icon={<ShieldAlert />} title="Verify your email address first">
        The platform admin pages open once your address is verified.
      </EmptyState>
    );
  }
  if (!me.data.user.isPlatformAdmin) {
    return (
      <EmptyState icon={<ShieldAlert />} title="Platform administrators only">
        This part of Switchboard manages the whole installation.
      </EmptyState>
    );
  }
  return children;
}

export default function AdminLayout({ children }: { children: ReactNode }) {
  useAdminTitle();
  return (
    <AppShell>
      <PlatformAdminOnly>{children}</PlatformAdminOnly>
    </AppShell>
  );
}

'use client';

import { Check, ChevronsUpDown, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { lastOrganization } from '@/lib/last-organization';
import { useMe } from '@/lib/queries';
import { confirmDiscard } from '@/lib/unsaved-changes';

export function OrganizationSwitcher({ currentOrgId }: { currentOrgId: string | undefined }) {
  const router = useRouter();
  const me = useMe();
  const organizations = me.data?.organizations ?? [];
  const current = organizations.find((org) => org.id === currentOrgId);

  // Menu items navigate from code, which the link guard cannot see: each asks about unsaved edits itself.
  async function open(orgId: string) {
    if (!(await confirmDiscard())) return;
    lastOrganization.set(orgId);
    router.push(`/o/${orgId}`);
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger className="flex w-full items-center gap-2 rounded-lg border border-border bg-surface px-2.5 py-2 text-left text-sm shadow-sm hover:bg-subtle">
        {/* Named by its visible text (an aria-label would hide the organization's name from voice control). */}
        <span className="sr-only">Switch organization: </span>
        <span
          aria-hidden
          className="flex size-7 shrink-0 items-center justify-center rounded-md bg-primary-soft text-xs font-semibold text-primary"
        >
          {(current?.name ?? '?').slice(0, 1).toUpperCase()}
        </span>
        <span className="grid min-w-0 flex-1">
          <span className="truncate font-medium" data-testid="current-organization">
            {current?.name ?? 'Choose an organization'}
          </span>
          {current && <span className="truncate text-xs text-muted">{current.roleName}</span>}
        </span>
        <ChevronsUpDown className="size-4 text-muted" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-60">
        <DropdownMenuLabel>Organizations</DropdownMenuLabel>
        {organizations.map((org) => (
          <DropdownMenuItem key={org.id} onSelect={() => void open(org.id)}>
            <span className="flex-1 truncate">{org.name}</span>
            {org.id === currentOrgId && <Check />}
          </DropdownMenuItem>
        ))}
        {organizations.length > 0 && <DropdownMenuSeparator />}
        <DropdownMenuItem
          onSelect={() => void confirmDiscard().then((leave) => leave && router.push('/onboarding'))}
        >
          <Plus /> Create organization
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

'use client';

import { useQueryClient } from '@tanstack/react-query';
import { ChevronsUpDown, LogOut, UserRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { initials } from '@/lib/format';
import { useMe } from '@/lib/queries';
import { confirmDiscard } from '@/lib/unsaved-changes';

export function UserMenu() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useMe();
  if (!me.data) return null;
  const { user } = me.data;

  // Menu items navigate from code, which the link guard cannot see: each asks about unsaved edits itself.
  async function signOut() {
    if (!(await confirmDiscard())) return;
    // better-auth's client (about 12 KB compressed) loads when someone signs out, not with every page.
    const { authClient } = await import('@/lib/auth-client');
    await authClient.signOut();
    queryClient.clear();
    router.replace('/sign-in');
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger className="flex w-full items-center gap-2 rounded-lg px-2 py-2 text-left text-sm hover:bg-subtle">
        {/* Named by its visible text (an aria-label would hide the user's name from voice control). */}
        <span className="sr-only">Account menu: </span>
        <span
          aria-hidden
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white"
        >
          {initials(user.name)}
        </span>
        <span className="grid min-w-0 flex-1">
          <span className="truncate font-medium">{user.name}</span>
          <span className="truncate text-xs text-muted">{user.email}</span>
        </span>
        <ChevronsUpDown className="size-4 text-muted" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" side="top" className="w-60">
        <DropdownMenuLabel>{user.isPlatformAdmin ? 'Platform admin' : 'Signed in'}</DropdownMenuLabel>
        <DropdownMenuItem
          onSelect={() => void confirmDiscard().then((leave) => leave && router.push('/settings'))}
        >
          <UserRound /> Account settings
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()}>
          <LogOut /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

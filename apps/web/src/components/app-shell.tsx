'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import {
  BarChart3,
  Bot,
  Building2,
  Coins,
  Inbox,
  LayoutDashboard,
  MailWarning,
  Menu,
  Package,
  Phone,
  PhoneCall,
  Settings,
  ShieldCheck,
  UserCog,
  Users,
  Wrench,
  X,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { Logo } from '@/components/logo';
import { ErrorState } from '@/components/ui/states';
import { ApiError } from '@/lib/api';
import { cn } from '@/lib/cn';
import { useMe } from '@/lib/queries';
import { OrganizationSwitcher } from './organization-switcher';
import { UserMenu } from './user-menu';
import { VerifyEmailBanner } from './verify-email-banner';

interface NavItem {
  href: string;
  label: string;
  icon: ReactNode;
  exact?: boolean;
}

function NavSection({ title, items }: { title?: string; items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <div className="grid gap-0.5">
      {title && <p className="px-2 pb-1 text-xs font-medium uppercase tracking-wide text-muted">{title}</p>}
      {items.map((item) => {
        const active = item.exact ? pathname === item.href : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm text-muted hover:bg-subtle hover:text-foreground [&_svg]:size-4',
              active && 'bg-subtle font-medium text-foreground',
            )}
          >
            {item.icon}
            {item.label}
          </Link>
        );
      })}
    </div>
  );
}

/** The navigation's place while the shell's data loads, so the frame does not jump when it arrives. */
function NavSkeleton() {
  return (
    <div className="grid gap-2 px-2" aria-hidden>
      {[0, 1, 2, 3, 4, 5].map((row) => (
        <div key={row} className="h-5 animate-pulse rounded bg-subtle" />
      ))}
    </div>
  );
}

function Sidebar({ orgId }: { orgId: string | undefined }) {
  const me = useMe();
  const organization = me.data?.organizations.find((org) => org.id === orgId);
  const orgItems: NavItem[] = organization
    ? [
        { href: `/o/${organization.id}`, label: 'Overview', icon: <LayoutDashboard />, exact: true },
        ...(organization.permissions.includes('agents:read')
          ? [{ href: `/o/${organization.id}/agents`, label: 'Agents', icon: <Bot /> }]
          : []),
        ...(organization.permissions.includes('calls:read')
          ? [
              { href: `/o/${organization.id}/calls`, label: 'Calls', icon: <PhoneCall /> },
              { href: `/o/${organization.id}/analytics`, label: 'Analytics', icon: <BarChart3 /> },
            ]
          : []),
        ...(organization.permissions.includes('phone:read')
          ? [{ href: `/o/${organization.id}/phone`, label: 'Phone numbers', icon: <Phone /> }]
          : []),
        ...(organization.permissions.includes('tools:read')
          ? [{ href: `/o/${organization.id}/tools`, label: 'Tools', icon: <Wrench /> }]
          : []),
        ...(organization.permissions.includes('members:read')
          ? [{ href: `/o/${organization.id}/members`, label: 'Members', icon: <Users /> }]
          : []),
        ...(organization.permissions.includes('billing:read')
          ? [{ href: `/o/${organization.id}/billing`, label: 'Billing', icon: <Coins /> }]
          : []),
        { href: `/o/${organization.id}/settings`, label: 'Settings', icon: <Settings /> },
      ]
    : [];
  const platformItems: NavItem[] = me.data?.user.isPlatformAdmin
    ? [
        { href: '/admin/organizations', label: 'Organizations', icon: <Building2 /> },
        { href: '/admin/users', label: 'Users', icon: <UserCog /> },
        { href: '/admin/roles', label: 'Roles', icon: <ShieldCheck /> },
        { href: '/admin/prices', label: 'Call prices', icon: <Coins /> },
        { href: '/admin/plans', label: 'Plans & packs', icon: <Package /> },
        { href: '/admin/emails', label: 'Failed emails', icon: <MailWarning /> },
      ]
    : [];
  const toolItems: NavItem[] =
    me.data?.installation.mailbox && me.data.user.isPlatformAdmin
      ? [{ href: '/mailbox', label: 'Local mailbox', icon: <Inbox /> }]
      : [];

  return (
    <div className="flex h-full flex-col gap-6 p-3">
      <div className="px-2 pt-1">
        <Logo />
      </div>
      <OrganizationSwitcher currentOrgId={orgId} />
      <nav aria-label="Main" className="grid gap-6" aria-busy={!me.data}>
        {!me.data && <NavSkeleton />}
        {orgItems.length > 0 && <NavSection items={orgItems} />}
        {platformItems.length > 0 && <NavSection title="Platform" items={platformItems} />}
        {toolItems.length > 0 && <NavSection title="Developer" items={toolItems} />}
      </nav>
      <div className="mt-auto">
        <UserMenu />
      </div>
    </div>
  );
}

/**
 * The signed-in frame: sidebar on wide screens, a drawer on phones; sends signed-out visitors to sign in.
 * The frame and the page render at once, while the shell's one request (`/me`) is under way: the page's own
 * requests start alongside it instead of after it, and its gate shows the page loading inside the frame.
 */
export function AppShell({ orgId, children }: { orgId?: string; children: ReactNode }) {
  const me = useMe();
  const router = useRouter();
  const pathname = usePathname();
  // The drawer belongs to the page it was opened on, so following a link in it closes it.
  const [drawerPath, setDrawerPath] = useState<string>();
  const signedOut = me.error instanceof ApiError && me.error.status === 401;

  useEffect(() => {
    if (signedOut) router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
  }, [signedOut, pathname, router]);

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
      {/* The first stop of the Tab key: past the sidebar's dozen links to the page itself. */}
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh border-r border-border bg-surface lg:block">
        <Sidebar orgId={orgId} />
      </aside>
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-border bg-surface px-4 py-2 lg:hidden">
        <Logo />
        <DialogPrimitive.Root
          open={drawerPath === pathname}
          onOpenChange={(open) => setDrawerPath(open ? pathname : undefined)}
        >
          <DialogPrimitive.Trigger className="rounded-md p-2 hover:bg-subtle" aria-label="Open navigation">
            <Menu className="size-5" />
          </DialogPrimitive.Trigger>
          <DialogPrimitive.Portal>
            <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
            <DialogPrimitive.Content
              aria-describedby={undefined}
              className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] border-r border-border bg-surface shadow-xl"
            >
              <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
              <DialogPrimitive.Close
                className="absolute right-3 top-3 rounded-md p-1.5 hover:bg-subtle"
                aria-label="Close navigation"
              >
                <X className="size-4" />
              </DialogPrimitive.Close>
              <Sidebar orgId={orgId} />
            </DialogPrimitive.Content>
          </DialogPrimitive.Portal>
        </DialogPrimitive.Root>
      </header>
      <main id="main" tabIndex={-1} className="min-w-0 px-4 py-6 outline-none sm:px-8 lg:py-10">
        <div className="mx-auto max-w-5xl">
          {me.data && !me.data.user.emailVerified && <VerifyEmailBanner email={me.data.user.email} />}
          {me.error && !signedOut ? (
            <ErrorState error={me.error} onRetry={() => void me.refetch()} />
          ) : (
            children
          )}
        </div>
      </main>
    </div>
  );
}

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="text-sm text-muted">{description}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </div>
  );
}

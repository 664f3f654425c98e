'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';

/** The section each organization page belongs to, by the path segment after /o/<orgId>/. */
const ORGANIZATION_SECTIONS: Record<string, string> = {
  '': 'Overview',
  agents: 'Agents',
  tools: 'Tools',
  calls: 'Calls',
  analytics: 'Analytics',
  phone: 'Phone numbers',
  members: 'Members',
  billing: 'Billing',
  settings: 'Settings',
};

/** The platform admin's pages, by the path segment after /admin/. */
const ADMIN_SECTIONS: Record<string, string> = {
  '': 'Overview',
  organizations: 'Organizations',
  users: 'Users',
  roles: 'Roles',
  prices: 'Call prices',
  plans: 'Plans & packs',
  emails: 'Failed emails',
};

/** "Agents · Acme · Switchboard": the section of the path, then the organization's name once it is known. */
export function organizationTitle(pathname: string, organizationName: string | undefined): string {
  const section = ORGANIZATION_SECTIONS[pathname.split('/')[3] ?? ''];
  return [section, organizationName, 'Switchboard'].filter(Boolean).join(' · ');
}

/**
 * Keeps the tab's title on the organization pages. They are client pages under one client layout, so the
 * organization's name (known only after the browser asks for it) cannot come from Next's server metadata;
 * pages outside an organization use that metadata instead (layout.tsx files next to them).
 */
export function useOrganizationTitle(organizationName: string | undefined): void {
  const pathname = usePathname();
  useEffect(
    () => keepDocumentTitle(organizationTitle(pathname, organizationName)),
    [pathname, organizationName],
  );
}

/** "Users · Platform admin · Switchboard". */
export function adminTitle(pathname: string): string {
  const section = ADMIN_SECTIONS[pathname.split('/')[2] ?? ''];
  return [section, 'Platform admin', 'Switchboard'].filter(Boolean).join(' · ');
}

/** The tab's title on the platform admin's pages (a client layout, like the organization pages). */
export function useAdminTitle(): void {
  const pathname = usePathname();
  useEffect(() => keepDocumentTitle(adminTitle(pathname)), [pathname]);
}

/**
 * Sets the tab's title and keeps it: Next commits the route's server metadata title ("Switchboard") when
 * its streamed metadata arrives, which can be after this page set its own (the organization's name comes
 * from the cached shell data, so at once). Re-applied whenever the head changes, until the page unmounts.
 */
function keepDocumentTitle(title: string): () => void {
  const apply = () => {
    if (document.title !== title) document.title = title;
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(document.head, { subtree: true, childList: true, characterData: true });
  return () => observer.disconnect();
}

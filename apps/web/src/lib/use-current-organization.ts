'use client';

import type { Permission } from '@switchboard/contracts/permissions';
import { useParams } from 'next/navigation';
import { useOrganization } from '@/lib/queries';

/** The organization in the URL, with a permission test for showing or hiding actions. */
export function useCurrentOrganization() {
  const { orgId } = useParams<{ orgId: string }>();
  const organization = useOrganization(orgId);
  const can = (permission: Permission) => organization.data?.permissions.includes(permission) ?? false;
  return { orgId, organization, can };
}

import type { MyOrganization } from '@switchboard/contracts/organizations';
import type { Tx } from '@switchboard/db/tenant';
import { permissionsOfRole } from '../access/catalog.ts';
import { toOrganization } from './to-organization.ts';

/** The organizations the transaction's user belongs to (RLS shows a user their own memberships). */
export async function listMyOrganizations(tx: Tx, userId: string): Promise<MyOrganization[]> {
  const rows = await tx
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organizationId')
    .innerJoin('roles', 'roles.key', 'memberships.role')
    .select([
      'organizations.id',
      'organizations.name',
      'organizations.slug',
      'organizations.timeZone',
      'organizations.createdAt',
      'memberships.role',
      'roles.permissions',
    ])
    .where('memberships.userId', '=', userId)
    .orderBy('organizations.name')
    .execute();
  return rows.map((row) => ({
    ...toOrganization(row),
    role: row.role,
    permissions: permissionsOfRole({ key: row.role, permissions: row.permissions }),
  }));
}

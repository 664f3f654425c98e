import type { ShellOrganization } from '@switchboard/contracts/me';
import type { Tx } from '@switchboard/db/tenant';
import { permissionsOfRole } from '../access/catalog.ts';
import { toOrganization } from './to-organization.ts';

/** The organizations the transaction's user belongs to (RLS shows a user their own memberships). */
export async function listMyOrganizations(tx: Tx, userId: string): Promise<ShellOrganization[]> {
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
      'roles.name as roleName',
      'roles.permissions',
    ])
    .where('memberships.userId', '=', userId)
    .orderBy('organizations.name')
    .execute();
  return rows.map((row) => ({
    ...toOrganization(row),
    role: row.role,
    roleName: row.roleName,
    permissions: permissionsOfRole({ key: row.role, permissions: row.permissions }),
  }));
}

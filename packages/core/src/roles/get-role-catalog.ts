import type { RoleCatalog } from '@switchboard/contracts/permissions';
import { PERMISSIONS } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import { PERMISSION_DESCRIPTIONS } from '../access/catalog.ts';
import { toRole } from './to-role.ts';

/** Every role that can be assigned, and the permissions roles are built from. */
export async function getRoleCatalog(tx: Tx): Promise<RoleCatalog> {
  const rows = await tx
    .selectFrom('roles')
    .select(['key', 'name', 'description', 'permissions', 'isPredefined'])
    .orderBy('isPredefined', 'desc')
    .orderBy('name')
    .execute();
  return {
    roles: rows.map(toRole),
    permissions: PERMISSIONS.map((key) => ({ key, description: PERMISSION_DESCRIPTIONS[key] })),
  };
}

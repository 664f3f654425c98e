import type { Permission } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import { AppError } from '../errors.ts';
import { permissionsOfRole } from './catalog.ts';

/** The permissions a role key grants; a key that names no role is a validation error on `role`. */
export async function loadRolePermissions(
  tx: Tx,
  roleKey: string,
): Promise<{ name: string; permissions: Permission[] }> {
  const role = await tx
    .selectFrom('roles')
    .select(['key', 'name', 'permissions'])
    .where('key', '=', roleKey)
    .executeTakeFirst();
  if (!role) {
    throw new AppError('VALIDATION_ERROR', `Unknown role "${roleKey}"`, [
      { path: 'role', message: `Unknown role "${roleKey}"` },
    ]);
  }
  return { name: role.name, permissions: permissionsOfRole(role) };
}

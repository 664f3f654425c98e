import type { Role, UpdateCustomRole } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import { findCustomRoleForUpdate } from './find-custom-role.ts';
import { toRole } from './to-role.ts';

export async function updateCustomRole(tx: Tx, key: string, input: UpdateCustomRole): Promise<Role> {
  await findCustomRoleForUpdate(tx, key);
  const row = await tx
    .updateTable('roles')
    .set({ ...input, updatedAt: new Date() })
    .where('key', '=', key)
    .returning(['key', 'name', 'description', 'permissions', 'isPredefined'])
    .executeTakeFirstOrThrow();
  return toRole(row);
}

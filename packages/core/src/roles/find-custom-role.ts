import type { Tx } from '@switchboard/db/tenant';
import { AppError, notFound } from '../errors.ts';

/** A custom role, locked for change; predefined roles are defined in code and cannot be edited. */
export async function findCustomRoleForUpdate(tx: Tx, key: string) {
  const role = await tx
    .selectFrom('roles')
    .select(['key', 'isPredefined'])
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst();
  if (!role) throw notFound('Role');
  if (role.isPredefined)
    throw new AppError('FORBIDDEN', `"${key}" is a predefined role and cannot be changed`);
  return role;
}

import type { CreateCustomRole, Role } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import { AppError } from '../errors.ts';
import { toRole } from './to-role.ts';

export async function createCustomRole(tx: Tx, input: CreateCustomRole): Promise<Role> {
  const row = await tx
    .insertInto('roles')
    .values({
      key: input.key,
      name: input.name,
      description: input.description,
      permissions: input.permissions,
    })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .returning(['key', 'name', 'description', 'permissions', 'isPredefined'])
    .executeTakeFirst();
  if (!row) {
    throw new AppError('ROLE_EXISTS', `A role with the key "${input.key}" already exists`, [
      { path: 'key', message: 'This key is taken' },
    ]);
  }
  return toRole(row);
}

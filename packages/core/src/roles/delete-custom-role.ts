import type { Tx } from '@switchboard/db/tenant';
import { AppError } from '../errors.ts';
import { findCustomRoleForUpdate } from './find-custom-role.ts';

/** Runs in a system transaction: whether a role is in use is a question across every organization. */
export async function deleteCustomRole(tx: Tx, key: string): Promise<void> {
  await findCustomRoleForUpdate(tx, key);
  const { members } = await tx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('members'))
    .where('role', '=', key)
    .executeTakeFirstOrThrow();
  const { invitations } = await tx
    .selectFrom('invitations')
    .select((eb) => eb.fn.countAll<number>().as('invitations'))
    .where('role', '=', key)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  if (Number(members) > 0 || Number(invitations) > 0) {
    throw new AppError(
      'ROLE_IN_USE',
      `"${key}" is held by ${members} member(s) and ${invitations} pending invitation(s); give them another role first`,
    );
  }
  await tx.deleteFrom('invitations').where('role', '=', key).execute();
  await tx.deleteFrom('roles').where('key', '=', key).execute();
}

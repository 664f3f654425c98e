import type { Permission } from '@switchboard/contracts/permissions';
import { AppError } from '../errors.ts';
import type { Membership } from './actor.ts';

/**
 * The one place that decides whether a member may do something. `null` asks only for membership.
 * Callers have already turned "not a member" into 404, so a refusal here is a 403.
 */
export function authorize(membership: Membership, permission: Permission | null): void {
  if (permission !== null && !membership.permissions.includes(permission)) {
    throw new AppError('FORBIDDEN', `Your role does not allow this (needs ${permission})`);
  }
}

function missingPermissions(membership: Membership, role: readonly Permission[]): Permission[] {
  return role.filter((permission) => !membership.permissions.includes(permission));
}

/** Nobody hands out more than they hold: every permission of the granted role must be the granter's. */
export function authorizeGrant(membership: Membership, grantedPermissions: readonly Permission[]): void {
  const missing = missingPermissions(membership, grantedPermissions);
  if (missing.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      `You cannot grant a role with permissions you do not have: ${missing.join(', ')}`,
    );
  }
}

/**
 * Nobody acts on someone who holds more than they do: changing the role of, removing, or resending or
 * revoking the invitation of a person whose role has a permission the actor lacks is refused. Otherwise a
 * custom role with `members:manage` could demote or remove every org_admin.
 */
export function authorizeOver(
  membership: Membership,
  action: string,
  targetPermissions: readonly Permission[],
): void {
  const missing = missingPermissions(membership, targetPermissions);
  if (missing.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      `You cannot ${action} someone whose role has permissions you do not have: ${missing.join(', ')}`,
    );
  }
}

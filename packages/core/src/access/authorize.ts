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

/** Nobody hands out more than they hold: every permission of the granted role must be the granter's. */
export function authorizeGrant(membership: Membership, grantedPermissions: readonly Permission[]): void {
  const missing = grantedPermissions.filter((permission) => !membership.permissions.includes(permission));
  if (missing.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      `You cannot grant a role with permissions you do not have: ${missing.join(', ')}`,
    );
  }
}

import { PERMISSIONS, type Permission, type PredefinedRole } from '@switchboard/contracts/permissions';

/** What each permission allows, as shown to the people who build custom roles. */
export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'org:manage': 'Rename the organization and change its settings',
  'members:read': 'See members and pending invitations',
  'members:invite': 'Invite people, resend and revoke invitations',
  'members:manage': "Change members' roles and remove members",
  'roles:manage': 'Assign custom roles within the organization',
  'agents:read': 'See voice agents and their configuration',
  'agents:write': 'Create, edit and archive voice agents',
  'tools:read': 'See tools and which agents use them',
  'tools:write': 'Configure tools and connect accounts to them',
  'tools:secrets':
    "Set and replace tools' secrets, and change where a tool that has secrets sends its requests",
  'calls:read': 'See calls, transcripts and recordings',
  'calls:start': 'Start calls with agents',
  'billing:read': 'See plan, spending, caps, the credit ledger and invoices (everyone sees the balance)',
  'billing:manage': 'Change the plan, payment details, spend caps and the low-balance threshold',
  'phone:read': 'See the phone numbers and which agent answers each',
  'phone:manage': 'Connect Twilio, buy, import, assign and release phone numbers',
  'api_keys:manage':
    'Create API keys with permissions you hold, see every key of the organization and revoke them',
  'webhooks:manage':
    'Add, change and remove webhook endpoints, rotate their signing secrets, see deliveries and redeliver',
};

const READ_PERMISSIONS = PERMISSIONS.filter((permission) => permission.endsWith(':read'));

/** The permissions of the roles every installation has. Custom roles carry theirs in the database. */
export const PREDEFINED_ROLE_PERMISSIONS: Record<PredefinedRole, readonly Permission[]> = {
  org_admin: PERMISSIONS,
  // Members see the balance and what their calls cost, not the organization's spending (issue 9).
  member: [
    ...READ_PERMISSIONS.filter((permission) => permission !== 'billing:read'),
    'agents:write',
    'tools:write',
    'calls:start',
  ],
  billing: [...READ_PERMISSIONS, 'billing:manage'],
};

export function isPredefinedRole(role: string): role is PredefinedRole {
  return Object.hasOwn(PREDEFINED_ROLE_PERMISSIONS, role);
}

/** A role's permissions: from the catalog for predefined roles, from its row for custom ones. */
export function permissionsOfRole(role: { key: string; permissions: readonly string[] }): Permission[] {
  if (isPredefinedRole(role.key)) return [...PREDEFINED_ROLE_PERMISSIONS[role.key]];
  return PERMISSIONS.filter((permission) => role.permissions.includes(permission));
}

import { z } from 'zod';

/** Every permission a role can grant inside an organization. Descriptions live in core's catalog. */
export const PERMISSIONS = [
  'org:manage',
  'members:read',
  'members:invite',
  'members:manage',
  'roles:manage',
  'agents:read',
  'agents:write',
  'tools:read',
  'tools:write',
  'tools:secrets',
  'calls:read',
  'calls:start',
  'billing:read',
  'billing:manage',
  'phone:read',
  'phone:manage',
  'api_keys:manage',
  'webhooks:manage',
] as const;

export const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

export const PREDEFINED_ROLES = ['org_admin', 'member', 'billing'] as const;
export const PredefinedRoleSchema = z.enum(PREDEFINED_ROLES);
export type PredefinedRole = z.infer<typeof PredefinedRoleSchema>;

/** A role key: one of the predefined roles or the key of a custom role. */
export const RoleKeySchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{1,39}$/,
    'Use 2–40 lowercase letters, digits or underscores, starting with a letter',
  );
export type RoleKey = z.infer<typeof RoleKeySchema>;

export const RoleSchema = z
  .object({
    key: RoleKeySchema,
    name: z.string(),
    description: z.string(),
    permissions: z.array(PermissionSchema),
    isPredefined: z.boolean(),
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof RoleSchema>;

export const PermissionInfoSchema = z.object({ key: PermissionSchema, description: z.string() });

export const RoleCatalogSchema = z
  .object({ roles: z.array(RoleSchema), permissions: z.array(PermissionInfoSchema) })
  .meta({ id: 'RoleCatalog' });
export type RoleCatalog = z.infer<typeof RoleCatalogSchema>;

export const CreateCustomRoleSchema = z.strictObject({
  key: RoleKeySchema,
  name: z.string().trim().min(2).max(60),
  description: z.string().trim().max(300).default(''),
  permissions: z.array(PermissionSchema).min(1, 'Choose at least one permission'),
});
export type CreateCustomRole = z.infer<typeof CreateCustomRoleSchema>;

export const UpdateCustomRoleSchema = CreateCustomRoleSchema.omit({ key: true }).partial();
export type UpdateCustomRole = z.infer<typeof UpdateCustomRoleSchema>;

export const RoleParamsSchema = z.object({ roleKey: RoleKeySchema });

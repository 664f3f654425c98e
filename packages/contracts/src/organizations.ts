import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';
import { PermissionSchema, RoleKeySchema } from './permissions.ts';

export const OrganizationNameSchema = z.string().trim().min(2, 'Name must be at least 2 characters').max(80);

export const OrganizationSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    slug: z.string(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Organization' });
export type Organization = z.infer<typeof OrganizationSchema>;

/** An organization as seen by one of its members. */
export const MyOrganizationSchema = OrganizationSchema.extend({
  role: RoleKeySchema,
  permissions: z.array(PermissionSchema),
}).meta({ id: 'MyOrganization' });
export type MyOrganization = z.infer<typeof MyOrganizationSchema>;

export const CreateOrganizationSchema = z.strictObject({ name: OrganizationNameSchema });
export type CreateOrganization = z.infer<typeof CreateOrganizationSchema>;

export const UpdateOrganizationSchema = z.strictObject({ name: OrganizationNameSchema });
export type UpdateOrganization = z.infer<typeof UpdateOrganizationSchema>;

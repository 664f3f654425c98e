import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';

export const AdminOrganizationSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    slug: z.string(),
    memberCount: z.number().int(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'AdminOrganization' });
export type AdminOrganization = z.infer<typeof AdminOrganizationSchema>;

export const AdminUserSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    isPlatformAdmin: z.boolean(),
    organizationCount: z.number().int(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const UserParamsSchema = z.object({ userId: UuidSchema });
export const UpdateAdminUserSchema = z.strictObject({ isPlatformAdmin: z.boolean() });
export type UpdateAdminUser = z.infer<typeof UpdateAdminUserSchema>;

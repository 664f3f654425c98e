import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';
import { PermissionSchema, RoleKeySchema } from './permissions.ts';

/** An IANA time zone (Europe/Berlin): appointments and working hours are read in it. */
export const TimeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Use an IANA time zone such as Europe/Berlin or America/New_York' },
);

export const OrganizationNameSchema = z.string().trim().min(2, 'Name must be at least 2 characters').max(80);

export const OrganizationSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    slug: z.string(),
    timeZone: z.string(),
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

export const CreateOrganizationSchema = z.strictObject({
  name: OrganizationNameSchema,
  timeZone: TimeZoneSchema.default('UTC'),
});
export type CreateOrganization = z.infer<typeof CreateOrganizationSchema>;

export const UpdateOrganizationSchema = z.strictObject({
  name: OrganizationNameSchema.optional(),
  timeZone: TimeZoneSchema.optional(),
});
export type UpdateOrganization = z.infer<typeof UpdateOrganizationSchema>;

import { z } from 'zod';
import { UuidSchema } from './common.ts';
import { PublicConfigSchema } from './config.ts';
import { MyOrganizationSchema } from './organizations.ts';

export const CurrentUserSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  isPlatformAdmin: z.boolean(),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

/** One of the user's organizations, with their role's display name (the shell shows it, custom roles too). */
export const ShellOrganizationSchema = MyOrganizationSchema.extend({ roleName: z.string() }).meta({
  id: 'ShellOrganization',
});
export type ShellOrganization = z.infer<typeof ShellOrganizationSchema>;

/**
 * Everything the dashboard's shell needs, in one request: who is signed in, their organizations with their
 * permissions, and what this installation has switched on (the same object as `/config`), so pages show only
 * what exists here.
 */
export const MeSchema = z
  .object({
    user: CurrentUserSchema,
    organizations: z.array(ShellOrganizationSchema),
    installation: PublicConfigSchema,
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

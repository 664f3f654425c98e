import { z } from 'zod';
import { UuidSchema } from './common.ts';
import { MyOrganizationSchema } from './organizations.ts';

export const CurrentUserSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  isPlatformAdmin: z.boolean(),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

export const MeSchema = z
  .object({ user: CurrentUserSchema, organizations: z.array(MyOrganizationSchema) })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

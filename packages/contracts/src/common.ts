import { z } from 'zod';

/** The one error shape every API failure uses. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const UuidSchema = z.uuid();
export const TimestampSchema = z.iso.datetime({ offset: true });
export const EmailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

export const OrgParamsSchema = z.object({ orgId: UuidSchema });

import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';

/** An email that was not delivered and will not be retried: what, to whom, and the provider's last answer. */
export const FailedEmailSchema = z
  .object({
    id: UuidSchema,
    organizationId: UuidSchema.nullable(),
    template: z.string(),
    to: z.string(),
    subject: z.string(),
    attempts: z.number().int(),
    reason: z.string().nullable(),
    createdAt: TimestampSchema,
    failedAt: TimestampSchema,
  })
  .meta({ id: 'FailedEmail' });
export type FailedEmail = z.infer<typeof FailedEmailSchema>;

import { z } from 'zod';

/** What the dashboard needs to know about this installation before anyone signs in. */
export const PublicConfigSchema = z
  .object({
    googleSignIn: z.boolean(),
    mailbox: z.boolean(),
    emailTransport: z.enum(['mailbox', 'resend', 'smtp']),
    billingMode: z.enum(['manual', 'stripe']),
    voice: z.object({ configured: z.boolean(), missing: z.array(z.string()) }),
  })
  .meta({ id: 'PublicConfig' });
export type PublicConfig = z.infer<typeof PublicConfigSchema>;

export const HealthSchema = z
  .object({ status: z.literal('ok'), database: z.literal('ok') })
  .meta({ id: 'Health' });

import { z } from 'zod';

/** What the dashboard needs to know about this installation before anyone signs in. */
export const PublicConfigSchema = z
  .object({
    googleSignIn: z.boolean(),
    mailbox: z.boolean(),
    emailTransport: z.enum(['mailbox', 'resend', 'smtp']),
    billingMode: z.enum(['manual', 'stripe']),
    /** BILLING_METERING: off for a single-company install (calls cost nothing and are never refused for credits). */
    billingMetering: z.boolean(),
    voice: z.object({ configured: z.boolean(), missing: z.array(z.string()) }),
  })
  .meta({ id: 'PublicConfig' });
export type PublicConfig = z.infer<typeof PublicConfigSchema>;

/** Each dependency the API needs to serve; 503 with `down` naming those that are not answering. */
export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.enum(['ok', 'down']),
    down: z.array(z.enum(['database'])),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

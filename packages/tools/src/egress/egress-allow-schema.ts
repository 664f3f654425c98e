import { z } from 'zod';
import { readEgressAllow } from './egress-policy.ts';

/**
 * EGRESS_ALLOW in an environment schema: the internal hosts, addresses and CIDR ranges that tenant-chosen
 * requests may reach (docs/security/egress.md). A bad entry stops the process at boot, named.
 */
export const EgressAllowSchema = z
  .string()
  .default('')
  .transform((value, context) => {
    try {
      return readEgressAllow(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

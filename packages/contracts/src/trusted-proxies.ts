import { z } from 'zod';

/**
 * TRUSTED_PROXIES: the proxies whose X-Forwarded-For is believed, as comma-separated addresses or CIDR
 * ranges. Empty (the default) trusts nobody: the connecting peer is the client. Read by the API and by the
 * dashboard's server, each about the proxies directly in front of it.
 */
export const TrustedProxiesSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
        error: 'each entry must be an IP address or a CIDR range (e.g. 10.0.0.0/8)',
      }),
    ),
  );

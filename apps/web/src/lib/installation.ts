'use client';

import type { PublicConfig } from '@switchboard/contracts/config';
import { useMe } from './queries';

/**
 * What this installation has switched on, as the API reports it in the shell's `/me` (no request of its
 * own): the one place a page asks before it mentions a feature, so nothing that does not exist here shows.
 */
export function useInstallation(): PublicConfig | undefined {
  return useMe().data?.installation;
}

/** Whether calls cost credits here (BILLING_METERING): without it, no credits column, figure or event shows. */
export function useShowsCredits(): boolean {
  return useInstallation()?.billingMetering === true;
}

import { EgressRefusedError } from '@switchboard/tools/egress/egress-error';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import { invalidFields } from '../errors.ts';

/**
 * Refuses an endpoint on a private or internal address (unless EGRESS_ALLOW names it) as a 400 on `url`,
 * when it is saved. Only an early, friendly answer: every delivery goes through the egress guard again.
 */
export async function checkWebhookDestination(
  url: string,
  egress: Pick<EgressGuard, 'check'>,
): Promise<void> {
  try {
    await egress.check(url);
  } catch (error) {
    if (!(error instanceof EgressRefusedError)) throw error;
    throw invalidFields([
      {
        path: 'url',
        message: `${error.message}. The operator of this installation can allow it (EGRESS_ALLOW)`,
      },
    ]);
  }
}

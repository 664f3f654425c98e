import type { AgentModel } from '@switchboard/contracts/agents';
import { EgressRefusedError } from '@switchboard/tools/egress/egress-error';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import { invalidFields } from '../errors.ts';

/** What saving an agent needs besides the transaction: the egress guard's check of a model server. */
export interface AgentSaveDeps {
  egress: Pick<EgressGuard, 'check'>;
}

/**
 * Refuses an OpenAI-compatible chat server on a private or internal address (unless the operator's
 * EGRESS_ALLOW names it), as a 400 on `model.baseUrl`. The API asks when an agent is saved, the worker
 * again when a call starts; the requests themselves go through the egress guard in any case.
 */
export async function checkModelDestination(
  model: AgentModel,
  egress: Pick<EgressGuard, 'check'>,
): Promise<void> {
  if (model.provider !== 'openai_compatible') return;
  try {
    await egress.check(model.baseUrl);
  } catch (error) {
    if (!(error instanceof EgressRefusedError)) throw error;
    throw invalidFields([
      {
        path: 'model.baseUrl',
        message: `${error.message}. The operator of this installation can allow it (EGRESS_ALLOW)`,
      },
    ]);
  }
}

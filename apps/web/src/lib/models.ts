import type { AgentModel } from '@switchboard/contracts/agents';
import { MODEL_CATALOG } from '@switchboard/contracts/model-catalog';

export function providerLabel(provider: AgentModel['provider']): string {
  return MODEL_CATALOG[provider].label;
}

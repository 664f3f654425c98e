import type { Agent } from '@switchboard/contracts/agents';
import type { CallProblem, CallReadiness } from '@switchboard/contracts/calls';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from '../agents/find-agent.ts';
import { type ModelSettings, missingModelSetting } from '../voice/missing-model-setting.ts';
import { hasCallCredits } from './has-call-credits.ts';

/** What this installation has for calls: the voice settings it still lacks, and its model settings. */
export interface CallInstallation {
  /** missingVoiceSettings(env), or empty when voice is configured. */
  voiceMissing: readonly string[];
  models: ModelSettings;
}

/**
 * Whether a call with the agent would be admitted now, and if not everything that stands in the way, in
 * the order to fix them. The dashboard asks before the button is pressed; starting a call asks again.
 */
export async function checkCallReadiness(
  scope: Pick<OrgScope, 'tx' | 'membership'>,
  agentId: string,
  installation: CallInstallation,
): Promise<CallReadiness & { agent: Agent }> {
  const agent = await findAgent(scope.tx, agentId);
  const problems: CallProblem[] = [];
  if (installation.voiceMissing.length > 0) {
    problems.push({
      code: 'VOICE_NOT_CONFIGURED',
      message: `Voice is not configured on this installation: set ${installation.voiceMissing.join(', ')}`,
      missing: [...installation.voiceMissing],
    });
  }
  if (agent.status !== 'active') {
    problems.push({
      code: 'AGENT_ARCHIVED',
      message: `${agent.name} is archived; unarchive it to take calls`,
      missing: [],
    });
  }
  const model = missingModelSetting(agent.config.model, installation.models);
  if (model) problems.push({ code: 'MODEL_NOT_CONFIGURED', message: model.message, missing: model.missing });
  if (!(await hasCallCredits(scope.tx, scope.membership.organizationId))) {
    problems.push({
      code: 'NO_CREDITS',
      message: 'The organization has no credits left for calls',
      missing: [],
    });
  }
  return { canStartCall: problems.length === 0, problems, agent };
}

import type { Agent } from '@switchboard/contracts/agents';
import type { CallProblem, CallReadiness } from '@switchboard/contracts/calls';
import type { Tx } from '@switchboard/db/tenant';
import type { Membership } from '../access/actor.ts';
import { findAgent } from '../agents/find-agent.ts';
import { type BillingInstallation, callAdmissionProblems } from '../billing/call-admission-problems.ts';
import { type ModelSettings, missingModelSetting } from '../voice/missing-model-setting.ts';

/** What this installation has for calls: the voice settings it still lacks, and its model settings. */
export interface CallInstallation {
  /** missingVoiceSettings(env), or empty when voice is configured. */
  voiceMissing: readonly string[];
  models: ModelSettings;
  billing: BillingInstallation;
}

/**
 * Whether a call with the agent would be admitted now, and if not everything that stands in the way, in
 * the order to fix them. The dashboard asks before the button is pressed; starting a call asks again.
 */
export async function checkCallReadiness(
  // The worker tier admits inbound phone calls with no member behind them: only the organization counts.
  scope: { tx: Tx; membership: Pick<Membership, 'organizationId'> },
  agentId: string,
  installation: CallInstallation,
  /** Starting a call locks the organization's billing until it commits (readBillingState). */
  { forStart = false }: { forStart?: boolean } = {},
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
  problems.push(
    ...(await callAdmissionProblems(scope.tx, scope.membership.organizationId, installation.billing, {
      lock: forStart,
    })),
  );
  return { canStartCall: problems.length === 0, problems, agent };
}

import { randomUUID } from 'node:crypto';
import type { Call, CallMetadata } from '@switchboard/contracts/calls';
import type { OrgScope } from '../access/actor.ts';
import { callRefusal } from './call-refusal.ts';
import { type CallInstallation, checkCallReadiness } from './check-call-readiness.ts';
import { selectCalls, toCall } from './to-call.ts';

/**
 * Records a browser call about to start and returns what the LiveKit dispatch carries. Only a call that
 * can be served is admitted (voice and the agent's model configured, the agent active, the organization
 * able to pay and within its caps): otherwise the caller would join a room no agent ever speaks in. The call
 * pins the agent version current now.
 */
export async function startWebCall(
  { tx, actor, membership }: OrgScope,
  agentId: string,
  installation: CallInstallation,
): Promise<{ call: Call; roomName: string; metadata: CallMetadata }> {
  const { agent, problems } = await checkCallReadiness({ tx, membership }, agentId, installation, {
    forStart: true,
  });
  const [problem] = problems;
  if (problem) throw callRefusal(problem);
  const id = randomUUID();
  // The room is named after the call, so LiveKit's webhooks lead back to it.
  const roomName = `call-${id}`;
  await tx
    .insertInto('calls')
    .values({
      id,
      organizationId: membership.organizationId,
      agentId,
      agentVersion: agent.version,
      channel: 'web',
      startedBy: actor.userId,
      startedByApiKeyId: actor.apiKey?.id ?? null,
      roomName,
    })
    .execute();
  const call = toCall(await selectCalls(tx).where('calls.id', '=', id).executeTakeFirstOrThrow());
  return {
    call,
    roomName,
    metadata: { callId: id, organizationId: membership.organizationId, agentId, agentVersion: agent.version },
  };
}

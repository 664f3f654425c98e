import { randomUUID } from 'node:crypto';
import type { Call, CallMetadata } from '@switchboard/contracts/calls';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from '../agents/find-agent.ts';
import { AppError } from '../errors.ts';
import { hasCallCredits } from './has-call-credits.ts';
import { selectCalls, toCall } from './to-call.ts';

/**
 * Records a browser call about to start and returns what the LiveKit dispatch carries. The agent must be
 * active and the organization able to pay; the call pins the agent version current now.
 */
export async function startWebCall(
  { tx, actor, membership }: OrgScope,
  agentId: string,
): Promise<{ call: Call; roomName: string; metadata: CallMetadata }> {
  const agent = await findAgent(tx, agentId);
  if (agent.status !== 'active') {
    throw new AppError('AGENT_ARCHIVED', `${agent.name} is archived; unarchive it to take calls`);
  }
  if (!(await hasCallCredits(tx, membership.organizationId))) {
    throw new AppError('NO_CREDITS', 'The organization has no credits left for calls');
  }
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

import { randomUUID } from 'node:crypto';
import type { Call } from '@switchboard/contracts/calls';
import type { OutboundCallInput, OutboundPhoneCallMetadata } from '@switchboard/contracts/phone';
import type { OrgScope } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { type PhoneInstallation, requirePhoneConfigured } from '../phone/phone-installation.ts';
import { callRefusal } from './call-refusal.ts';
import { type CallInstallation, checkCallReadiness } from './check-call-readiness.ts';
import { selectCalls, toCall } from './to-call.ts';

/** Sends the agent into the call's room with the metadata (LiveKit's AgentDispatchService in the API). */
export type DispatchAgent = (roomName: string, metadata: OutboundPhoneCallMetadata) => Promise<void>;

/**
 * Places an outbound phone call: admitted exactly like a web call (agent active, model configured, credits,
 * daily cap, concurrent calls, under the organization's lock), recorded as channel 'phone', direction
 * 'outbound', phone_status 'queued', then the agent is dispatched into the call's room with the leg to dial;
 * the worker dials (createSipParticipant) and moves phone_status. The dispatch happens inside the
 * transaction: if LiveKit refuses it, no call is recorded.
 * The caller ID is the chosen number, else the agent's own number, else any ready number of the organization.
 */
export async function startOutboundPhoneCall(
  { tx, actor, membership }: OrgScope,
  input: OutboundCallInput,
  installation: CallInstallation & { phone: PhoneInstallation },
  dispatch: DispatchAgent,
): Promise<Call> {
  requirePhoneConfigured(installation.phone);
  const connection = await tx
    .selectFrom('phoneConnections')
    .select(['status', 'livekitOutboundTrunkId'])
    .executeTakeFirst();
  if (connection?.status !== 'ready' || !connection.livekitOutboundTrunkId)
    throw new AppError('PHONE_NOT_READY', 'Connect Twilio before placing phone calls');
  const from = await tx
    .selectFrom('phoneNumbers')
    .select(['id', 'e164', 'agentId'])
    .where('status', '=', 'ready')
    .$if(input.fromNumberId !== undefined, (query) => query.where('id', '=', input.fromNumberId ?? ''))
    // The agent's own number first, then the oldest.
    .orderBy((eb) => eb.case().when('agentId', '=', input.agentId).then(0).else(1).end())
    .orderBy('createdAt')
    .executeTakeFirst();
  if (!from)
    throw new AppError(
      'PHONE_NOT_READY',
      input.fromNumberId ? 'That number is not ready to call from' : 'Add a phone number to call from first',
    );

  const { agent, problems } = await checkCallReadiness({ tx, membership }, input.agentId, installation, {
    forStart: true,
  });
  const [problem] = problems;
  if (problem) throw callRefusal(problem);

  const id = randomUUID();
  const roomName = `call-${id}`;
  await tx
    .insertInto('calls')
    .values({
      id,
      organizationId: membership.organizationId,
      agentId: input.agentId,
      agentVersion: agent.version,
      channel: 'phone',
      direction: 'outbound',
      fromNumber: from.e164,
      toNumber: input.toNumber,
      phoneStatus: 'queued',
      variables: JSON.stringify(input.variables),
      startedBy: actor.userId,
      startedByApiKeyId: actor.apiKey?.id ?? null,
      roomName,
    })
    .execute();
  await dispatch(roomName, {
    callId: id,
    organizationId: membership.organizationId,
    agentId: input.agentId,
    agentVersion: agent.version,
    phone: {
      direction: 'outbound',
      toNumber: input.toNumber,
      fromNumber: from.e164,
      sipOutboundTrunkId: connection.livekitOutboundTrunkId,
    },
  });
  return toCall(await selectCalls(tx).where('calls.id', '=', id).executeTakeFirstOrThrow());
}

import { randomUUID } from 'node:crypto';
import type { CallProblem } from '@switchboard/contracts/calls';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { type CallInstallation, checkCallReadiness } from './check-call-readiness.ts';

/** What LiveKit SIP tells the worker about an inbound caller (the SIP participant's attributes). */
export interface InboundCaller {
  /** `sip.phoneNumber`: the caller's number; absent when withheld. */
  fromNumber?: string | undefined;
  /** `sip.trunkPhoneNumber`: the organization's number that was dialled. */
  toNumber?: string | undefined;
  /** `sip.callID`. */
  sipCallId?: string | undefined;
  /** `sip.twilio.callSid`, when the call came through Twilio. */
  providerCallId?: string | undefined;
}

export type InboundPhoneCall =
  /** No call row: the number is gone or has no agent. */
  | { kind: 'unassigned' }
  /** No new row: the provider's call already has one (the same call dispatched again). */
  | { kind: 'duplicate' }
  /**
   * Recorded and claimed by `claimant`; the worker runs the agent (version pinned). `outboundLeg`: the
   * organization's LiveKit outbound trunk and the dialled number, for a warm transfer, once provisioned.
   */
  | {
      kind: 'admitted';
      callId: string;
      agentId: string;
      agentVersion: number;
      outboundLeg: { sipOutboundTrunkId: string; fromNumber: string } | undefined;
    }
  /** Recorded; the caller hears a polite refusal, then the worker finalizes it as `refused`. */
  | { kind: 'refused'; callId: string; agentId: string; agentVersion: number; problem: CallProblem };

/**
 * An inbound phone call, before it is answered: finds the agent the dialled number is assigned to, checks
 * the same admission as a web call (agent active, model configured, credits, daily cap, concurrent calls —
 * under the organization's lock, so two calls ringing at once are counted one after the other) and records
 * the call, claimed by this job, so a refused call is on record with its numbers too. Runs as the worker
 * role in the organization's tenant transaction.
 */
export async function startInboundPhoneCall(
  tx: Tx,
  target: { organizationId: string; phoneNumberId: string; roomName: string; claimant: string },
  caller: InboundCaller,
  installation: Omit<CallInstallation, 'voiceMissing'>,
): Promise<InboundPhoneCall> {
  const number = await tx
    .selectFrom('phoneNumbers')
    .leftJoin('phoneConnections', 'phoneConnections.organizationId', 'phoneNumbers.organizationId')
    .select(['phoneNumbers.agentId', 'phoneNumbers.e164', 'phoneConnections.livekitOutboundTrunkId'])
    .where('phoneNumbers.id', '=', target.phoneNumberId)
    .executeTakeFirst();
  if (!number?.agentId) return { kind: 'unassigned' };
  const { agent, problems } = await checkCallReadiness(
    { tx, membership: { organizationId: target.organizationId } },
    number.agentId,
    // This worker is running, so voice is configured.
    { ...installation, voiceMissing: [] },
    { forStart: true },
  );
  const [problem] = problems;
  const callId = randomUUID();
  const inserted = await tx
    .insertInto('calls')
    .values({
      id: callId,
      organizationId: target.organizationId,
      agentId: agent.id,
      agentVersion: agent.version,
      channel: 'phone',
      direction: 'inbound',
      roomName: target.roomName,
      caller: caller.fromNumber ?? null,
      fromNumber: caller.fromNumber ?? null,
      toNumber: caller.toNumber ?? null,
      sipCallId: caller.sipCallId ?? null,
      providerCallId: caller.providerCallId ?? null,
      phoneStatus: 'answered',
      // A refused call is not open: calls ringing at the same moment are not refused because of it.
      status: problem ? 'failed' : 'active',
      // Which limit refused it, for the call's page (the worker never meets VOICE_NOT_CONFIGURED: see above).
      refusalReason: problem?.code ?? null,
      // Claimed by this job from the start, like recorder.claim would (which then keeps it for this job).
      claimedAt: sql`now()`,
      workerId: target.claimant,
      workerHeartbeatAt: sql`now()`,
    })
    // The same Twilio call (provider_call_id) or room dispatched twice: the first job has it.
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { kind: 'duplicate' };
  return problem
    ? { kind: 'refused', callId, agentId: agent.id, agentVersion: agent.version, problem }
    : {
        kind: 'admitted',
        callId,
        agentId: agent.id,
        agentVersion: agent.version,
        outboundLeg: number.livekitOutboundTrunkId
          ? { sipOutboundTrunkId: number.livekitOutboundTrunkId, fromNumber: number.e164 }
          : undefined,
      };
}

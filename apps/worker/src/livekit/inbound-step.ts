import type { CallMetadata, CallProblem } from '@switchboard/contracts/calls';
import type { InboundPhoneCall } from '@switchboard/core/calls/start-inbound-phone-call';
import type { OutboundLeg } from './warm-transfer.ts';

/** What the job does with a ringing phone once the call is (or is not) recorded. */
export type InboundStep =
  /** No conversation: the job ends with this reason; `keepRoom` when another job owns the room. */
  | { run: false; shutdownReason: 'call_already_claimed' | 'number_unassigned'; keepRoom: boolean }
  /**
   * The call runs: the agent (admitted) or only the polite refusal (`refusal` set, which limit it was);
   * `outboundLeg` makes a warm transfer possible.
   */
  | {
      run: true;
      metadata: CallMetadata;
      refusal: CallProblem | undefined;
      outboundLeg: OutboundLeg | undefined;
    };

/**
 * An inbound call's outcome (core/calls/start-inbound-phone-call.ts) as the job's next step: the same provider
 * call dispatched twice leaves the first job's room alone; a number without an agent is hung up on (the
 * room is deleted); otherwise the recorded call runs, refused or not.
 */
export function inboundStepOf(inbound: InboundPhoneCall, organizationId: string): InboundStep {
  if (inbound.kind === 'duplicate') {
    return { run: false, shutdownReason: 'call_already_claimed', keepRoom: true };
  }
  if (inbound.kind === 'unassigned') {
    return { run: false, shutdownReason: 'number_unassigned', keepRoom: false };
  }
  return {
    run: true,
    metadata: {
      callId: inbound.callId,
      organizationId,
      agentId: inbound.agentId,
      agentVersion: inbound.agentVersion,
    },
    refusal: inbound.kind === 'refused' ? inbound.problem : undefined,
    outboundLeg: inbound.kind === 'admitted' ? inbound.outboundLeg : undefined,
  };
}

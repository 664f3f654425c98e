import { type llm, workflows } from '@livekit/agents';
import type { PhoneLine } from '../runtime/call-control.ts';
import { toSipTarget } from './caller.ts';

/** The trunk and number a warm transfer dials the colleague through (the organization's outbound leg). */
export interface OutboundLeg {
  sipOutboundTrunkId: string;
  fromNumber: string;
}

/** How long the colleague's phone rings before the warm transfer gives up (the agent then apologizes). */
const COLLEAGUE_RINGING_MS = 30_000;

/**
 * What LiveKit's WarmTransferTask is given: the colleague's number (LiveKit SIP wants it without `tel:`),
 * the organization's outbound trunk and number, and the conversation so far, which the task writes into the
 * briefing model's instructions ("Caller: …", "Assistant: …") — without it the colleague would be briefed
 * on nothing.
 */
export function warmTransferOptions(
  leg: OutboundLeg,
  phoneNumber: string,
  reason: string | undefined,
  conversation: llm.ChatContext,
): workflows.WarmTransferTaskOptions {
  return {
    sipCallTo: toSipTarget(phoneNumber).replace(/^tel:/, ''),
    sipTrunkId: leg.sipOutboundTrunkId,
    sipNumber: leg.fromNumber,
    ringingTimeout: COLLEAGUE_RINGING_MS,
    chatCtx: conversation,
    instructions: {
      extra: reason
        ? `The caller needs: ${reason}. Summarize the conversation for your colleague, then ask whether they will take the call.`
        : 'Summarize the conversation for your colleague, then ask whether they will take the call.',
    },
  };
}

/**
 * A warm transfer with LiveKit's WarmTransferTask: the caller hears hold music while the colleague is dialled
 * into a private room (`<room>-human-agent`) and briefed by the same model; when the colleague agrees,
 * LiveKit moves them into the caller's room (RoomService.MoveParticipant). Runs inside the transfer_call
 * function (an AgentTask needs the running activity and the job context). Rejects when the colleague does
 * not answer, declines, reaches voicemail, or the caller hangs up first.
 */
export function warmTransferOf(leg: OutboundLeg): NonNullable<PhoneLine['warmTransfer']> {
  return async (phoneNumber, reason, conversation) => {
    await new workflows.WarmTransferTask(warmTransferOptions(leg, phoneNumber, reason, conversation)).run();
  };
}

import type { llm } from '@livekit/agents';
import type { CallControl } from '@switchboard/core/runtime/runtime-deps';
import { ToolCallError } from '@switchboard/tools/tool-function';
import type { CallSession } from './call-session.ts';

/** The caller's phone line, when the caller is a phone (SIP) participant. */
export interface PhoneLine {
  /** Cold transfer: LiveKit SIP sends a SIP REFER and the caller's provider connects them; they leave the room. */
  transfer(phoneNumber: string): Promise<void>;
  /**
   * Warm transfer (the agent's phone setting, and an outbound trunk to dial the colleague through): the
   * colleague is dialled and briefed in a private room, then joins the caller's room. Resolves once they
   * are with the caller; the agent then leaves and the room must stay (see `keepsRoom`).
   */
  warmTransfer?:
    | ((phoneNumber: string, reason: string | undefined, conversation: llm.ChatContext) => Promise<void>)
    | undefined;
}

export const TRANSFER_FAILED =
  'The transfer did not go through. Apologize and offer to help otherwise or to take a message.';

/**
 * What the call-control tool does to the running call. `call` is read when a function runs, because the
 * tools are loaded before the session that they end exists; so may be the phone line (a function returning
 * it), because an outbound call's agent loads while the callee's phone rings, before the line is known.
 * transfer_call is offered on phone calls only (TRANSFER_CALL.phoneOnly, build-agent.ts), so a web caller
 * is never hung up on by a "transfer".
 */
export function createCallControl(
  call: () => CallSession | undefined,
  phoneLine: PhoneLine | (() => PhoneLine | undefined) | undefined,
  /** Told when a warm transfer succeeded: the room now holds the caller and the colleague, keep it. */
  onWarmTransferred: () => void = () => {},
): CallControl {
  return {
    async endCall() {
      call()?.end('agent_ended');
    },
    async transferCall(phoneNumber, reason) {
      const session = call();
      if (!session) return;
      const phone = typeof phoneLine === 'function' ? phoneLine() : phoneLine;
      if (!phoneNumber) throw new ToolCallError('No transfer number is configured; offer to help otherwise.');
      if (!phone) throw new ToolCallError('This call cannot be transferred; offer to help otherwise.');
      if (phone.warmTransfer) {
        try {
          // The colleague is briefed with what was said so far.
          await phone.warmTransfer(phoneNumber, reason, session.session.history);
        } catch {
          throw new ToolCallError(TRANSFER_FAILED);
        }
        onWarmTransferred();
        session.end('transferred');
        return;
      }
      // The transfer hangs the caller up here; if that closes the session first, it still was a transfer.
      session.expectEnd('transferred');
      try {
        await phone.transfer(phoneNumber);
      } catch {
        session.expectEnd(undefined);
        throw new ToolCallError(TRANSFER_FAILED);
      }
      session.end('transferred');
    },
  };
}

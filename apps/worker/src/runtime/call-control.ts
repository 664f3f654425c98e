import type { CallControl } from '@switchboard/core/runtime/runtime-deps';
import { ToolCallError } from '@switchboard/tools/tool-function';
import type { CallSession } from './call-session.ts';

/** The caller's phone line, when the caller is a phone (SIP) participant. */
export interface PhoneLine {
  transfer(phoneNumber: string): Promise<void>;
}

export const WEB_TRANSFER_GOODBYE =
  'instructions: this caller is on a web call, which cannot be transferred to a colleague; tell them so, suggest they phone us instead, and say goodbye.';

/**
 * What the call-control tool does to the running call. `call` is read when a function runs, because the
 * tools are loaded before the session that they end exists.
 */
export function createCallControl(
  call: () => CallSession | undefined,
  phone: PhoneLine | undefined,
): CallControl {
  return {
    async endCall() {
      call()?.end('agent_ended');
    },
    async transferCall(phoneNumber) {
      const session = call();
      if (!session) return;
      if (!phoneNumber) throw new ToolCallError('No transfer number is configured; offer to help otherwise.');
      if (!phone) {
        session.end('agent_ended', { goodbyeInstructions: WEB_TRANSFER_GOODBYE });
        return;
      }
      // The transfer hangs the caller up here; if that closes the session first, it still was a transfer.
      session.expectEnd('transferred');
      try {
        await phone.transfer(phoneNumber);
      } catch {
        session.expectEnd(undefined);
        throw new ToolCallError(
          'The transfer did not go through. Apologize and offer to help otherwise or to take a message.',
        );
      }
      session.end('transferred');
    },
  };
}

import type { PhoneStatus } from '@switchboard/contracts/phone';
import type { Tx } from '@switchboard/db/tenant';

/** The order a phone call's status moves in; a later report never moves it back (callbacks race the worker). */
const PROGRESS: Record<PhoneStatus, number> = {
  queued: 0,
  dialing: 1,
  ringing: 2,
  answered: 3,
  no_answer: 4,
  busy: 4,
  failed: 4,
  canceled: 4,
  completed: 5,
};

/**
 * Moves an outbound call's phone status forward (dialing → ringing → answered, or a final no_answer /
 * busy / failed), as the worker learns it from LiveKit SIP; also records the SIP call id once known.
 * Returns false when the status was already further along.
 */
export async function setPhoneStatus(
  tx: Tx,
  callId: string,
  status: PhoneStatus,
  { sipCallId }: { sipCallId?: string | undefined } = {},
): Promise<boolean> {
  const earlier = (Object.keys(PROGRESS) as PhoneStatus[]).filter((s) => PROGRESS[s] < PROGRESS[status]);
  const result = await tx
    .updateTable('calls')
    .set({ phoneStatus: status, ...(sipCallId && { sipCallId }) })
    .where('id', '=', callId)
    .where('channel', '=', 'phone')
    .where((eb) =>
      eb.or([
        eb('phoneStatus', 'is', null),
        ...(earlier.length > 0 ? [eb('phoneStatus', 'in', earlier)] : []),
      ]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

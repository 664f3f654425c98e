import { type CallMetadata, CallMetadataSchema } from '@switchboard/contracts/calls';
import {
  type InboundPhoneDispatchMetadata,
  type OutboundPhoneCallMetadata,
  PhoneDispatchMetadataSchema,
} from '@switchboard/contracts/phone';

/** What a LiveKit dispatch asks of the worker: a web call, an outbound phone call, or an inbound phone call. */
export type Dispatch =
  | { kind: 'call'; metadata: CallMetadata | OutboundPhoneCallMetadata }
  | { kind: 'phone_inbound'; metadata: InboundPhoneDispatchMetadata };

/** The dispatch's metadata, parsed, or undefined when it is not one of ours. */
export function parseDispatch(raw: string | undefined): Dispatch | undefined {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const call = CallMetadataSchema.safeParse(json);
  if (call.success) return { kind: 'call', metadata: call.data };
  const phone = PhoneDispatchMetadataSchema.safeParse(json);
  if (!phone.success) return undefined;
  return 'kind' in phone.data
    ? { kind: 'phone_inbound', metadata: phone.data }
    : { kind: 'call', metadata: phone.data };
}

import { type CallMetadata, CallMetadataSchema } from '@switchboard/contracts/calls';

/** The call a LiveKit dispatch is for, or undefined when its metadata is not one of ours. */
export function parseCallMetadata(raw: string | undefined): CallMetadata | undefined {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = CallMetadataSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

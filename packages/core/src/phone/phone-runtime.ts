import twilio from 'twilio';
import type { SecretBox, SecretSealer } from '../secrets/secret-box.ts';

/** Credentials of a Twilio account: the Auth Token, or an API key (revocable, preferred). */
export type TwilioCredentials =
  | { accountSid: string; authToken: string }
  | { accountSid: string; apiKeySid: string; apiKeySecret: string };

/**
 * LiveKit's SIP configuration as the phone jobs change it; the worker tier implements it with
 * livekit-server-sdk's SipClient (apps/worker/src/livekit/sip-provisioner.ts).
 */
export interface SipProvisioner {
  /** `sip:<project>.sip.livekit.cloud` (or your SIP service's address): where Twilio sends inbound calls. */
  sipUri: string;
  /** An inbound trunk accepting calls to this one number. */
  createInboundTrunk(name: string, e164: string): Promise<string>;
  deleteTrunk(trunkId: string): Promise<void>;
  /** One room per call (prefix INBOUND_ROOM_PREFIX) whose configuration dispatches the agent with `metadata`. */
  createDispatchRule(name: string, trunkId: string, metadata: string): Promise<string>;
  deleteDispatchRule(ruleId: string): Promise<void>;
  /** An outbound trunk dialling through `address` with digest credentials. */
  createOutboundTrunk(
    name: string,
    address: string,
    auth: { username: string; password: string },
  ): Promise<string>;
  /** Adds or removes a caller-ID number of an outbound trunk. */
  setOutboundNumber(trunkId: string, e164: string, present: boolean): Promise<void>;
}

/** What the worker tier's phone jobs need: the keys, the installation's Twilio account, LiveKit SIP. */
export interface PhoneRuntime {
  secretBox: SecretBox;
  /** TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (or API key) of the operator, for kind 'installation'. */
  installationAccount?: TwilioCredentials | undefined;
  /** TWILIO_API_BASE: tests and local development point the SDK at a fake (docs/phone.md). */
  twilioApiBase?: string | undefined;
  /** Absent while LIVEKIT_URL/KEY/SECRET or LIVEKIT_SIP_URI is not set: numbers cannot be set up. */
  sip?: SipProvisioner | undefined;
}

/** The context sealed with an organization's Twilio credentials: they open only in its own row. */
export const twilioCredentialsContext = (organizationId: string) => `phone:${organizationId}:twilio`;

export function sealTwilioCredentials(
  sealer: SecretSealer,
  organizationId: string,
  credentials: TwilioCredentials,
): string {
  return sealer.seal(JSON.stringify(credentials), twilioCredentialsContext(organizationId));
}

/** The connection's credentials: the sealed ones, or the installation's account. */
export function openTwilioCredentials(
  runtime: PhoneRuntime,
  connection: { organizationId: string; kind: string; credentialsCiphertext: string | null },
): TwilioCredentials {
  if (connection.kind === 'installation') {
    if (!runtime.installationAccount)
      throw new PhoneSetupError(
        'The installation has no Twilio account (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
      );
    return runtime.installationAccount;
  }
  if (!connection.credentialsCiphertext) throw new PhoneSetupError('The Twilio credentials are missing');
  return JSON.parse(
    runtime.secretBox.open(
      connection.credentialsCiphertext,
      twilioCredentialsContext(connection.organizationId),
    ),
  ) as TwilioCredentials;
}

/** A failure to report on the row (status 'error'), in words for the person who set it up. */
export class PhoneSetupError extends Error {}

export type TwilioClient = ReturnType<typeof twilio>;

/** Twilio's REST hosts, each mapped under TWILIO_API_BASE as /<product>/… when a fake stands in. */
const TWILIO_HOST = /^https:\/\/([a-z]+)\.twilio\.com(\/.*)$/;

export function createTwilioClient(runtime: PhoneRuntime, credentials: TwilioCredentials): TwilioClient {
  const base = runtime.twilioApiBase?.replace(/\/$/, '');
  const options = {
    accountSid: credentials.accountSid,
    ...(base && { httpClient: rebasedHttpClient(base) }),
  };
  return 'authToken' in credentials
    ? twilio(credentials.accountSid, credentials.authToken, options)
    : twilio(credentials.apiKeySid, credentials.apiKeySecret, options);
}

/** The SDK's own HTTP client, with every request sent to the same path under `base` instead. */
function rebasedHttpClient(base: string): InstanceType<typeof twilio.RequestClient> {
  const inner = new twilio.RequestClient();
  const request: typeof inner.request = (opts) => {
    const match = TWILIO_HOST.exec(opts.uri);
    return inner.request({ ...opts, uri: match ? `${base}/${match[1]}${match[2]}` : opts.uri });
  };
  return Object.assign(Object.create(inner) as typeof inner, { request });
}

/** A provider's error in words fit for the row (no credentials are ever in these messages). */
export function describePhoneError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 500);
}

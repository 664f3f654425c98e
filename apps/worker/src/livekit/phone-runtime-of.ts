import type { PhoneRuntime, TwilioCredentials } from '@switchboard/core/phone/phone-runtime';
import type { WorkerEnv } from '../worker-env.ts';
import { liveKitSipProvisioner } from './sip-provisioner.ts';

/** The phone jobs' Twilio and LiveKit SIP from the worker environment (docs/phone.md). */
export function phoneRuntimeOf(
  env: WorkerEnv,
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined,
): Omit<PhoneRuntime, 'secretBox'> {
  const accountSid = env.TWILIO_ACCOUNT_SID;
  let installationAccount: TwilioCredentials | undefined;
  if (accountSid && env.TWILIO_API_KEY_SID && env.TWILIO_API_KEY_SECRET)
    installationAccount = {
      accountSid,
      apiKeySid: env.TWILIO_API_KEY_SID,
      apiKeySecret: env.TWILIO_API_KEY_SECRET,
    };
  else if (accountSid && env.TWILIO_AUTH_TOKEN)
    installationAccount = { accountSid, authToken: env.TWILIO_AUTH_TOKEN };
  return {
    installationAccount,
    twilioApiBase: env.TWILIO_API_BASE,
    sip:
      livekit && env.LIVEKIT_SIP_URI
        ? liveKitSipProvisioner({
            ...livekit,
            sipUri: env.LIVEKIT_SIP_URI,
            agentName: env.LIVEKIT_AGENT_NAME,
          })
        : undefined,
  };
}

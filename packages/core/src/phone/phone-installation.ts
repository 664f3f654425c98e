import { AppError } from '../errors.ts';

/** What the API knows of the installation's phone setup (it holds no Twilio or LiveKit secret for it). */
export interface PhoneInstallation {
  /** Settings an operator must set before numbers can be set up (LIVEKIT_*, LIVEKIT_SIP_URI); empty when ready. */
  missing: string[];
  /** TWILIO_ACCOUNT_SID is set: organizations may use the installation's Twilio account. */
  installationAccountSid: string | undefined;
}

export function requirePhoneConfigured(installation: PhoneInstallation): void {
  if (installation.missing.length > 0) {
    throw new AppError(
      'PHONE_NOT_CONFIGURED',
      `Phone calls are not configured on this installation: set ${installation.missing.join(', ')}`,
      { missing: installation.missing },
    );
  }
}

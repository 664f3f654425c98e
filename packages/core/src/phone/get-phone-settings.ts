import type { PhoneSettings } from '@switchboard/contracts/phone';
import type { Tx } from '@switchboard/db/tenant';
import type { PhoneInstallation } from './phone-installation.ts';

/** Whether phone calls can work here and the organization's Twilio connection (never its credentials). */
export async function getPhoneSettings(
  { tx, canSeeSetup }: { tx: Tx; canSeeSetup: boolean },
  installation: PhoneInstallation,
): Promise<PhoneSettings> {
  const connection = await tx
    .selectFrom('phoneConnections')
    .select(['kind', 'accountSid', 'twilioTrunkSid', 'status', 'lastError', 'updatedAt'])
    .executeTakeFirst();
  return {
    configured: installation.missing.length === 0,
    // Which variables to set is for those who can act on it.
    missing: canSeeSetup ? installation.missing : [],
    installationAccountAvailable: Boolean(installation.installationAccountSid),
    connection: connection
      ? {
          kind: connection.kind as 'auth_token' | 'api_key' | 'installation',
          accountSid: connection.accountSid,
          sipTrunkSid: connection.twilioTrunkSid,
          status: connection.status as 'pending' | 'ready' | 'error',
          lastError: connection.lastError,
          updatedAt: connection.updatedAt.toISOString(),
        }
      : null,
  };
}

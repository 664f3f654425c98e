import type { TwilioConnectionInput } from '@switchboard/contracts/phone';
import type { OrgScope } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { type PhoneInstallation, requirePhoneConfigured } from './phone-installation.ts';
import { sealTwilioCredentials } from './phone-runtime.ts';
import { PROVISION_PHONE_CONNECTION_TASK } from './provision-phone-connection.ts';

/**
 * Connects (or reconnects) the organization's Twilio account: seals the credentials for the worker tier and
 * queues the job that sets up the SIP trunks. Changing accounts keeps nothing the old one provisioned.
 */
export async function connectTwilio(
  { tx, membership }: OrgScope,
  sealer: SecretSealer,
  installation: PhoneInstallation,
  input: TwilioConnectionInput,
): Promise<void> {
  requirePhoneConfigured(installation);
  const { organizationId } = membership;
  let accountSid: string;
  let credentialsCiphertext: string | null = null;
  if (input.kind === 'installation') {
    if (!installation.installationAccountSid)
      throw new AppError(
        'PHONE_NOT_CONFIGURED',
        'This installation offers no Twilio account: connect your own',
        {
          missing: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
        },
      );
    accountSid = installation.installationAccountSid;
  } else {
    accountSid = input.accountSid;
    credentialsCiphertext = sealTwilioCredentials(
      sealer,
      organizationId,
      input.kind === 'auth_token'
        ? { accountSid, authToken: input.authToken }
        : { accountSid, apiKeySid: input.apiKeySid, apiKeySecret: input.apiKeySecret },
    );
  }
  const existing = await tx
    .selectFrom('phoneConnections')
    .select(['accountSid'])
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  if (existing && existing.accountSid !== accountSid) {
    // Trunks and numbers live in the old account: start over rather than mix two accounts.
    const numbers = await tx.selectFrom('phoneNumbers').select('id').limit(1).execute();
    if (numbers.length > 0)
      throw new AppError(
        'PHONE_NOT_READY',
        'Release this account’s numbers before connecting another Twilio account',
      );
    await tx.deleteFrom('phoneConnections').where('organizationId', '=', organizationId).execute();
  }
  if (existing && existing.accountSid === accountSid) {
    await tx
      .updateTable('phoneConnections')
      .set({
        kind: input.kind,
        credentialsCiphertext,
        status: 'pending',
        lastError: null,
        updatedAt: new Date(),
      })
      .where('organizationId', '=', organizationId)
      .execute();
  } else {
    await tx
      .insertInto('phoneConnections')
      .values({ organizationId, kind: input.kind, accountSid, credentialsCiphertext })
      .execute();
  }
  await enqueueJob(tx, PROVISION_PHONE_CONNECTION_TASK, { organizationId }, 3);
}

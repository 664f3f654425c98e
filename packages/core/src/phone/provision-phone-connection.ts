import { randomBytes } from 'node:crypto';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import { z } from 'zod';
import {
  createTwilioClient,
  describePhoneError,
  openTwilioCredentials,
  type PhoneRuntime,
  PhoneSetupError,
} from './phone-runtime.ts';

export const PROVISION_PHONE_CONNECTION_TASK = 'provision_phone_connection';

const PayloadSchema = z.object({ organizationId: z.uuid() });

/**
 * The worker-tier half of "connect Twilio": with the organization's credentials, creates its Twilio Elastic
 * SIP trunk (origination → LiveKit's SIP URI, termination guarded by a credential list) and the LiveKit
 * outbound trunk that dials through it. Each step records its result before the next, so a retry after a
 * failure continues instead of creating a second trunk. Failures are outcomes on the row, not job errors.
 */
export async function provisionPhoneConnection(
  deps: { workerDb: Database; phone: PhoneRuntime },
  payload: unknown,
): Promise<void> {
  const { organizationId } = PayloadSchema.parse(payload);
  const tenant = { orgId: organizationId };
  const connection = await withTenant(deps.workerDb, tenant, (tx) =>
    tx
      .selectFrom('phoneConnections')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .executeTakeFirst(),
  );
  if (!connection) return;
  const record = (values: {
    twilioTrunkSid?: string;
    terminationDomain?: string;
    livekitOutboundTrunkId?: string;
    status?: 'ready' | 'error';
    lastError?: string | null;
  }) =>
    withTenant(deps.workerDb, tenant, (tx) =>
      tx
        .updateTable('phoneConnections')
        .set({ ...values, updatedAt: new Date() })
        .where('organizationId', '=', organizationId)
        .execute(),
    );
  try {
    const { sip } = deps.phone;
    if (!sip) throw new PhoneSetupError('LiveKit SIP is not configured (set LIVEKIT_SIP_URI)');
    const twilio = createTwilioClient(deps.phone, openTwilioCredentials(deps.phone, connection));
    let trunkSid = connection.twilioTrunkSid;
    let domain = connection.terminationDomain;
    if (!trunkSid || !domain) {
      // Termination domains are global at Twilio: a random suffix keeps two installations apart.
      const domainName = `switchboard-${randomBytes(6).toString('hex')}.pstn.twilio.com`;
      const trunk = await twilio.trunking.v1.trunks.create({
        friendlyName: `Switchboard ${organizationId}`,
        domainName,
      });
      trunkSid = trunk.sid;
      domain = trunk.domainName;
      await record({ twilioTrunkSid: trunkSid, terminationDomain: domain });
    }
    const origination = await twilio.trunking.v1.trunks(trunkSid).originationUrls.list();
    if (!origination.some((url) => url.sipUrl === sip.sipUri)) {
      await twilio.trunking.v1.trunks(trunkSid).originationUrls.create({
        friendlyName: 'LiveKit SIP',
        sipUrl: sip.sipUri,
        priority: 10,
        weight: 10,
        enabled: true,
      });
    }
    if (!connection.livekitOutboundTrunkId) {
      // Fresh credentials known only to Twilio's credential list and LiveKit's trunk; Switchboard keeps none.
      const auth = {
        username: `sb${randomBytes(8).toString('hex')}`,
        password: randomBytes(24).toString('base64url'),
      };
      const list = await twilio.sip.credentialLists.create({
        friendlyName: `Switchboard LiveKit ${organizationId}`,
      });
      await twilio.sip.credentialLists(list.sid).credentials.create(auth);
      await twilio.trunking.v1.trunks(trunkSid).credentialsLists.create({ credentialListSid: list.sid });
      const outboundTrunkId = await sip.createOutboundTrunk(`switchboard-${organizationId}`, domain, auth);
      await record({ livekitOutboundTrunkId: outboundTrunkId });
    }
    await record({ status: 'ready', lastError: null });
  } catch (error) {
    await record({ status: 'error', lastError: describePhoneError(error) });
  }
}

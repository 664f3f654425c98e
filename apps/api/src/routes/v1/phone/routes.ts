import { CallSchema } from '@switchboard/contracts/calls';
import { OrgParamsSchema } from '@switchboard/contracts/common';
import type { PublicConfig } from '@switchboard/contracts/config';
import {
  AssignNumberInputSchema,
  BuyNumberInputSchema,
  ImportNumberInputSchema,
  OutboundCallInputSchema,
  PhoneLookupParamsSchema,
  PhoneLookupSchema,
  PhoneNumberParamsSchema,
  PhoneNumberSchema,
  PhoneSettingsSchema,
  SearchNumbersQuerySchema,
  TwilioConnectionInputSchema,
} from '@switchboard/contracts/phone';
import type { CallInstallation } from '@switchboard/core/calls/check-call-readiness';
import { startOutboundPhoneCall } from '@switchboard/core/calls/start-outbound-phone-call';
import { AppError } from '@switchboard/core/errors';
import { addPhoneNumber } from '@switchboard/core/phone/add-phone-number';
import { assignPhoneNumber } from '@switchboard/core/phone/assign-phone-number';
import { connectTwilio } from '@switchboard/core/phone/connect-twilio';
import { getPhoneSettings } from '@switchboard/core/phone/get-phone-settings';
import { getPhoneNumber, listPhoneNumbers } from '@switchboard/core/phone/list-phone-numbers';
import type { PhoneInstallation } from '@switchboard/core/phone/phone-installation';
import { releasePhoneNumber } from '@switchboard/core/phone/release-phone-number';
import { getPhoneLookup, requestPhoneLookup } from '@switchboard/core/phone/request-phone-lookup';
import type { SecretSealer } from '@switchboard/core/secrets/secret-box';
import type { ModelSettings } from '@switchboard/core/voice/missing-model-setting';
import { AgentDispatchClient } from 'livekit-server-sdk';
import { z } from 'zod';
import type { LiveKitSettings } from '../../../livekit/livekit-settings.ts';
import type { FastifyZodInstance } from '../../../types.ts';

const tags = ['phone'];

/** What the API knows of phone on this installation (the worker tier holds Twilio's and LiveKit's secrets). */
export interface PhoneSettingsDeps {
  /** LIVEKIT_SIP_URI: LiveKit's SIP endpoint; without it (or without LiveKit) phone is not configured. */
  sipUri?: string | undefined;
  /** TWILIO_ACCOUNT_SID: the installation's Twilio account, which organizations may use. */
  installationAccountSid?: string | undefined;
}

export function phoneRoutes(
  app: FastifyZodInstance,
  deps: {
    livekit?: LiveKitSettings | undefined;
    phone?: PhoneSettingsDeps | undefined;
    secretSealer: SecretSealer;
    publicConfig: PublicConfig;
    modelSettings: ModelSettings;
  },
): void {
  const { livekit } = deps;
  const phone: PhoneInstallation = {
    missing: [
      ...(livekit ? [] : ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']),
      ...(deps.phone?.sipUri ? [] : ['LIVEKIT_SIP_URI']),
    ],
    installationAccountSid: deps.phone?.installationAccountSid,
  };
  const calls: CallInstallation = {
    voiceMissing: livekit ? [] : phone.missing,
    models: deps.modelSettings,
    billing: { metering: deps.publicConfig.billingMetering, mode: deps.publicConfig.billingMode },
  };
  const dispatcher = livekit && new AgentDispatchClient(livekit.url, livekit.apiKey, livekit.apiSecret);

  app.get(
    '/api/v1/orgs/:orgId/phone',
    {
      config: { access: { kind: 'org', permission: 'phone:read' } },
      schema: {
        tags,
        summary: 'Whether phone calls are configured, and the Twilio connection (never its credentials)',
        params: OrgParamsSchema,
        response: { 200: PhoneSettingsSchema },
      },
    },
    (request) =>
      request.inOrganization(({ tx, membership }) =>
        getPhoneSettings({ tx, canSeeSetup: membership.permissions.includes('phone:manage') }, phone),
      ),
  );

  app.put(
    '/api/v1/orgs/:orgId/phone/twilio',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'Connect a Twilio account (sealed for the worker tier, which sets up the SIP trunks)',
        params: OrgParamsSchema,
        body: TwilioConnectionInputSchema,
        response: { 200: PhoneSettingsSchema },
      },
    },
    (request) =>
      request.inOrganization(async (scope) => {
        await connectTwilio(scope, deps.secretSealer, phone, request.body);
        return getPhoneSettings({ tx: scope.tx, canSeeSetup: true }, phone);
      }),
  );

  app.post(
    '/api/v1/orgs/:orgId/phone/searches',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'Search numbers to buy (answered by the worker tier; poll the lookup)',
        params: OrgParamsSchema,
        body: SearchNumbersQuerySchema,
        response: { 201: PhoneLookupSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await request.inOrganization((scope) => requestPhoneLookup(scope, 'search_numbers', request.body)),
        ),
  );

  app.post(
    '/api/v1/orgs/:orgId/phone/account-numbers',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'List the numbers in the Twilio account, to import one (poll the lookup)',
        params: OrgParamsSchema,
        response: { 201: PhoneLookupSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await request.inOrganization((scope) => requestPhoneLookup(scope, 'list_account_numbers', {}))),
  );

  app.get(
    '/api/v1/orgs/:orgId/phone/lookups/:lookupId',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'A search or account listing, pending until the worker tier answered',
        params: PhoneLookupParamsSchema,
        response: { 200: PhoneLookupSchema },
      },
    },
    (request) => request.inOrganization(({ tx }) => getPhoneLookup(tx, request.params.lookupId)),
  );

  app.get(
    '/api/v1/orgs/:orgId/phone/numbers',
    {
      config: { access: { kind: 'org', permission: 'phone:read' } },
      schema: {
        tags,
        summary: 'The phone numbers Switchboard manages for the organization',
        params: OrgParamsSchema,
        response: { 200: z.object({ numbers: z.array(PhoneNumberSchema) }) },
      },
    },
    async (request) => ({ numbers: await request.inOrganization(listPhoneNumbers) }),
  );

  app.post(
    '/api/v1/orgs/:orgId/phone/numbers',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'Buy a number found by a search (pending until the worker tier bought and set it up)',
        params: OrgParamsSchema,
        body: BuyNumberInputSchema,
        response: { 201: PhoneNumberSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await request.inOrganization((scope) => addPhoneNumber(scope, request.body))),
  );

  app.post(
    '/api/v1/orgs/:orgId/phone/numbers/import',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'Import a number already in the Twilio account',
        params: OrgParamsSchema,
        body: ImportNumberInputSchema,
        response: { 201: PhoneNumberSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await request.inOrganization((scope) => addPhoneNumber(scope, request.body))),
  );

  app.get(
    '/api/v1/orgs/:orgId/phone/numbers/:phoneNumberId',
    {
      config: { access: { kind: 'org', permission: 'phone:read' } },
      schema: {
        tags,
        summary: 'One phone number',
        params: PhoneNumberParamsSchema,
        response: { 200: PhoneNumberSchema },
      },
    },
    (request) => request.inOrganization((scope) => getPhoneNumber(scope, request.params.phoneNumberId)),
  );

  app.patch(
    '/api/v1/orgs/:orgId/phone/numbers/:phoneNumberId',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'Assign the number to an agent (null: to none, calls to it are turned away)',
        params: PhoneNumberParamsSchema,
        body: AssignNumberInputSchema,
        response: { 200: PhoneNumberSchema },
      },
    },
    (request) =>
      request.inOrganization((scope) =>
        assignPhoneNumber(scope, request.params.phoneNumberId, request.body.agentId),
      ),
  );

  app.delete(
    '/api/v1/orgs/:orgId/phone/numbers/:phoneNumberId',
    {
      config: { access: { kind: 'org', permission: 'phone:manage' } },
      schema: {
        tags,
        summary: 'Release the number at Twilio (it stops costing money; the worker tier removes it)',
        params: PhoneNumberParamsSchema,
        response: { 202: z.undefined() },
      },
    },
    async (request, reply) => {
      await request.inOrganization((scope) => releasePhoneNumber(scope, request.params.phoneNumberId));
      return reply.status(202).send();
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/calls/outbound',
    {
      config: { access: { kind: 'org', permission: 'calls:start' } },
      schema: {
        tags: ['calls', ...tags],
        summary: 'Place an outbound phone call: the agent calls the number (status moves as the line does)',
        params: OrgParamsSchema,
        body: OutboundCallInputSchema,
        response: { 201: CallSchema },
      },
    },
    async (request, reply) => {
      const call = await request.inOrganization((scope) =>
        startOutboundPhoneCall(scope, request.body, { ...calls, phone }, async (roomName, metadata) => {
          // startOutboundPhoneCall refuses while phone is not configured; this only tells the compiler.
          if (!dispatcher || !livekit)
            throw new AppError('PHONE_NOT_CONFIGURED', 'Phone calls are not configured on this installation');
          try {
            await dispatcher.createDispatch(roomName, livekit.agentName, {
              metadata: JSON.stringify(metadata),
            });
          } catch (error) {
            request.log.warn({ err: error }, 'LiveKit refused the agent dispatch of an outbound call');
            throw new AppError('BUSY', 'LiveKit could not be reached to place the call; try again shortly');
          }
        }),
      );
      return reply.status(201).send(call);
    },
  );
}

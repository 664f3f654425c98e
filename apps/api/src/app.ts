import { randomUUID } from 'node:crypto';
import type { PublicConfig } from '@switchboard/contracts/config';
import type { Auth } from '@switchboard/core/auth/create-auth';
import type { StripeBilling } from '@switchboard/core/billing/stripe/stripe-client';
import type { SecretSealer } from '@switchboard/core/secrets/secret-box';
import type { GoogleSettings } from '@switchboard/core/tools/google/google-settings';
import type { ModelSettings } from '@switchboard/core/voice/missing-model-setting';
import type { Database, SystemDatabase } from '@switchboard/db/database';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LiveKitSettings } from './livekit/livekit-settings.ts';
import { RequestLogController } from './logger.ts';
import { registerAccessControl } from './plugins/access.ts';
import { registerAuthRoutes } from './plugins/auth.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { registerInputChecks } from './plugins/input.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerOriginCheck } from './plugins/origin-check.ts';
import { type RateLimitSettings, registerRateLimits } from './plugins/rate-limits.ts';
import { registerRequestTelemetry } from './plugins/request-telemetry.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { serializerCompiler } from './plugins/serialize-responses.ts';
import { healthRoutes } from './routes/health.ts';
import { adminRoutes } from './routes/v1/admin/routes.ts';
import { agentRoutes } from './routes/v1/agents/routes.ts';
import { analyticsRoutes } from './routes/v1/analytics/routes.ts';
import { apiKeyRoutes } from './routes/v1/api-keys/routes.ts';
import { billingRoutes } from './routes/v1/billing/routes.ts';
import { stripeBillingRoutes } from './routes/v1/billing/stripe-routes.ts';
import { callRoutes } from './routes/v1/calls/routes.ts';
import { chatRoutes } from './routes/v1/chats/routes.ts';
import { configRoutes } from './routes/v1/config.ts';
import { homeRoutes } from './routes/v1/home/routes.ts';
import { invitationRoutes } from './routes/v1/invitations/routes.ts';
import { mailboxRoutes } from './routes/v1/mailbox/routes.ts';
import { meRoutes } from './routes/v1/me/routes.ts';
import { memberRoutes } from './routes/v1/members/routes.ts';
import { organizationRoutes } from './routes/v1/organizations/routes.ts';
import { type PhoneSettingsDeps, phoneRoutes } from './routes/v1/phone/routes.ts';
import { roleRoutes } from './routes/v1/roles/routes.ts';
import { googleConnectionRoutes } from './routes/v1/tools/google-routes.ts';
import { toolRoutes } from './routes/v1/tools/routes.ts';
import { voicePreviewRoutes } from './routes/v1/voice-previews/routes.ts';
import { webhookRoutes } from './routes/v1/webhooks/routes.ts';
import { liveKitWebhookRoutes } from './routes/webhooks/livekit.ts';
import { stripeWebhookRoutes } from './routes/webhooks/stripe.ts';

export interface AppDeps {
  /** The API's database, connected as switchboard_app. */
  db: Database;
  /** Cross-tenant work (withSystem), connected as switchboard_system; the tenant pool cannot open it. */
  systemDb: SystemDatabase;
  auth: Auth;
  publicConfig: PublicConfig;
  /** Credits each new organization starts with (BILLING_TRIAL_CREDITS), in millicredits; 0 grants none. */
  trialMillicredits: number;
  /** The dashboard's public origin, for links in emails. */
  publicUrl: string;
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); empty trusts nobody. `request.ip`
   * is the client address they vouch for, or else the connecting peer; the per-address rate limits key on it.
   */
  trustedProxies: string[];
  bodyLimitBytes?: number;
  logger?: FastifyBaseLogger;
  /**
   * Seals tool secrets and OAuth tokens with the worker tier's public key. Sealing only: the API holds no
   * private key, so it can write secrets but never open them (ADR 007).
   */
  secretSealer: SecretSealer;
  /** Google OAuth for Calendar tools; undefined hides them. */
  google?: GoogleSettings | undefined;
  /** Stripe (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET); undefined in manual billing mode. */
  stripe?: StripeBilling | undefined;
  /** The LiveKit project; undefined while voice is not configured. */
  livekit?: LiveKitSettings | undefined;
  /** Phone calls (LIVEKIT_SIP_URI, TWILIO_ACCOUNT_SID; docs/phone.md); undefined: not configured. */
  phone?: PhoneSettingsDeps | undefined;
  /** Which model keys this installation has, so a call whose agent's provider has none is refused. */
  modelSettings: ModelSettings;
  /** Requests per minute per user, address and organization (RATE_LIMIT_*). */
  rateLimits: RateLimitSettings;
  /** Internal hosts and ranges tenants' model servers may be on (EGRESS_ALLOW); none by default. */
  egressAllow?: readonly string[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Builds the API without listening: server.ts listens, tests use `app.inject`. */
export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    logController: new RequestLogController(),
    trustProxy: deps.trustedProxies,
    bodyLimit: deps.bodyLimitBytes ?? 1_048_576,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerRequestTelemetry(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  registerInputChecks(app);
  await registerSecurityHeaders(app, { publicUrl: deps.publicUrl });
  registerOriginCheck(app, { publicUrl: deps.publicUrl });
  const limitOrganization = await registerRateLimits(app, deps.rateLimits);
  registerAccessControl(app, {
    auth: deps.auth,
    db: deps.db,
    systemDb: deps.systemDb,
    limitOrganization,
  });
  await registerOpenApi(app);

  registerAuthRoutes(app, deps.auth);
  healthRoutes(app, deps);
  configRoutes(app, deps);
  meRoutes(app, deps);
  organizationRoutes(app, deps);
  homeRoutes(app, deps);
  memberRoutes(app);
  apiKeyRoutes(app);
  invitationRoutes(app, deps);
  roleRoutes(app, deps);
  adminRoutes(app, deps);
  mailboxRoutes(app, deps);
  const egress = createEgressGuard({ allow: deps.egressAllow ?? [] });
  app.addHook('onClose', () => egress.close());
  agentRoutes(app, { egress, secretSealer: deps.secretSealer, googleConfigured: deps.google !== undefined });
  webhookRoutes(app, { egress, secretSealer: deps.secretSealer });
  toolRoutes(app, deps);
  googleConnectionRoutes(app, deps);
  callRoutes(app, deps);
  chatRoutes(app, deps);
  voicePreviewRoutes(app, deps);
  phoneRoutes(app, deps);
  analyticsRoutes(app);
  billingRoutes(app, deps);
  stripeBillingRoutes(app, deps);
  liveKitWebhookRoutes(app, deps);
  stripeWebhookRoutes(app, deps);

  await app.ready();
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

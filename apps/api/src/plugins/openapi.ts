import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Access } from './access.ts';

/** Organization routes take a session or an organization API key (plugins/access.ts); others a session. */
const ORGANIZATION_SECURITY: Record<string, string[]>[] = [{ session: [] }, { apiKey: [] }];

/** OpenAPI 3.1 generated from the routes' zod schemas, at /api/openapi.json, with a docs page at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version: '1.0.0',
        description:
          'Organizations, members, roles, voice agents, tools, calls and billing. Authenticate with the session cookie from /api/auth, or on organization routes (/api/v1/orgs/{orgId}/…) with an organization API key: `Authorization: Bearer sb_key_…` (docs/api.md "API keys"). Errors: `{ error: { code, message, details? } }`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'sb_key_<prefix>_<secret>',
            description: 'An organization API key (Settings → API keys); organization routes only',
          },
        },
      },
      security: [{ session: [] }],
    },
    transform: (input) => {
      const result = jsonSchemaTransform(input);
      const access = (input.route.config as { access?: Access } | undefined)?.access;
      if (access?.kind !== 'org') return result;
      return { ...result, schema: { ...result.schema, security: ORGANIZATION_SECURITY } };
    },
    transformObject: jsonSchemaTransformObject,
  });
  // persistAuthorization keeps a key typed into "Authorize" across reloads, in this browser's storage only.
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { persistAuthorization: true },
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: { kind: 'public' } } }, () =>
    app.swagger(),
  );
}

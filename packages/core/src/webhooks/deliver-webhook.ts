import type { Database } from '@switchboard/db/database';
import { type Tx, withTenant } from '@switchboard/db/tenant';
import { EgressRefusedError } from '@switchboard/tools/egress/egress-error';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { emailMembersHolding } from '../email/email-members-holding.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { SecretBoxError } from '../secrets/secret-box-error.ts';
import { DELIVER_WEBHOOK_JOB_ATTEMPTS, DELIVER_WEBHOOK_TASK } from './enqueue-webhook-event.ts';
import { webhookSecretContext } from './webhook-secret.ts';

/**
 * How long to wait before each retry of a failed delivery (docs/webhooks.md): the first attempt right away,
 * then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h — 8 attempts over about 27 hours (the schedule of the
 * Standard Webhooks reference implementation).
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
/** Deliveries in a row that fail every attempt before the endpoint is switched off. */
export const WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES = 5;
const REQUEST_TIMEOUT_MS = 15_000;
/** How much of a response body the attempt log keeps. */
const RESPONSE_BODY_LIMIT = 2000;

export interface WebhookDeliveryDeps {
  /** Connected as switchboard_worker: the only role that may read the sealed signing secret. */
  workerDb: Database;
  secretBox: Pick<SecretBox, 'open'>;
  /** Every request goes through the egress guard: an endpoint is a tenant-chosen destination. */
  egress: Pick<EgressGuard, 'fetch'>;
  /** Replaces WEBHOOK_RETRY_DELAYS_SECONDS (tests). */
  retryDelaysSeconds?: readonly number[];
  logger?: { warn(message: string): void };
}

const PayloadSchema = z.object({
  organizationId: z.uuid(),
  deliveryId: z.uuid(),
  attempt: z.coerce.number().int().min(1),
  /** '1' for a redelivery asked for from the dashboard: one attempt, outside the schedule. */
  manual: z.literal('1').optional(),
});

interface AttemptOutcome {
  ok: boolean;
  responseStatus: number | null;
  responseTimeMs: number;
  error: string | null;
  responseBody: string | null;
}

/** Reads at most RESPONSE_BODY_LIMIT characters and drops the rest unread. */
async function readStartOfBody(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, RESPONSE_BODY_LIMIT);
}

async function send(
  deps: WebhookDeliveryDeps,
  request: { url: string; secret: string; deliveryId: string; body: string },
): Promise<AttemptOutcome> {
  const timestamp = new Date();
  const signature = new Webhook(request.secret).sign(request.deliveryId, timestamp, request.body);
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  try {
    const response = await deps.egress.fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        'webhook-id': request.deliveryId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const responseTimeMs = elapsed();
    // The receiver's words, never ours: the body cannot hold the secret unless the receiver echoes it back.
    const responseBody = (await readStartOfBody(response).catch(() => '')).replaceAll(
      request.secret,
      '[secret]',
    );
    const ok = response.status >= 200 && response.status < 300;
    const redirected = response.status >= 300 && response.status < 400;
    return {
      ok,
      responseStatus: response.status,
      responseTimeMs,
      error: ok
        ? null
        : redirected
          ? `HTTP ${response.status}: redirects are not followed`
          : `HTTP ${response.status}`,
      responseBody: responseBody === '' ? null : responseBody,
    };
  } catch (error) {
    const message =
      error instanceof EgressRefusedError
        ? error.message
        : error instanceof Error && error.name === 'TimeoutError'
          ? `timed out after ${REQUEST_TIMEOUT_MS / 1000} s`
          : `the request failed: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    return {
      ok: false,
      responseStatus: null,
      responseTimeMs: elapsed(),
      error: message.slice(0, 1000),
      responseBody: null,
    };
  }
}

/** A secret no configured key opens (sealed for a key pair since removed) is a failed attempt, not a crash. */
async function openAndSend(
  deps: WebhookDeliveryDeps,
  request: { url: string; sealedSecret: string; endpointId: string; deliveryId: string; body: string },
): Promise<AttemptOutcome> {
  let secret: string;
  try {
    secret = deps.secretBox.open(request.sealedSecret, webhookSecretContext(request.endpointId));
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    deps.logger?.warn(`webhook endpoint ${request.endpointId}: the signing secret does not open`);
    return {
      ok: false,
      responseStatus: null,
      responseTimeMs: 0,
      error: 'the signing secret does not open on this installation: rotate it',
      responseBody: null,
    };
  }
  return send(deps, { url: request.url, secret, deliveryId: request.deliveryId, body: request.body });
}

/** Queues attempt `attempt` of a delivery to run at `runAt` (the job runner's role adds jobs directly). */
async function scheduleAttempt(
  tx: Tx,
  job: { organizationId: string; deliveryId: string; attempt: number },
  runAt: Date,
): Promise<void> {
  const payload = JSON.stringify({ ...job, attempt: String(job.attempt) });
  await sql`select graphile_worker.add_job(${DELIVER_WEBHOOK_TASK}, ${payload}::json,
    run_at => ${runAt.toISOString()}::timestamptz, max_attempts => ${DELIVER_WEBHOOK_JOB_ATTEMPTS})`.execute(
    tx,
  );
}

/**
 * The job runner's side of a webhook: one attempt of one delivery. Opens the endpoint's signing secret,
 * signs the body per Standard Webhooks (webhook-id = the delivery id, the same on every attempt), POSTs it
 * through the egress guard without following redirects, logs the attempt, and then either marks the
 * delivery succeeded, schedules the next attempt, or marks it failed — counting it against the endpoint,
 * which is switched off (and its managers emailed) after WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES failures in
 * a row. A failed request is an outcome, not a job error. Running the same attempt twice (a job retried after
 * a crash) sends nothing the second time.
 */
export async function deliverWebhook(deps: WebhookDeliveryDeps, rawPayload: unknown): Promise<void> {
  const { organizationId, deliveryId, attempt, manual } = PayloadSchema.parse(rawPayload);
  const isManual = manual === '1';
  const tenant = { orgId: organizationId };
  const found = await withTenant(deps.workerDb, tenant, (tx) =>
    tx
      .selectFrom('webhookDeliveries as d')
      .innerJoin('webhookEndpoints as e', 'e.id', 'd.endpointId')
      .select([
        'd.endpointId',
        'd.payload',
        'd.status',
        'd.attemptCount',
        'e.url',
        'e.enabled',
        'e.secretCiphertext',
      ])
      .where('d.id', '=', deliveryId)
      .executeTakeFirst(),
  );
  if (!found || attempt <= found.attemptCount) return;
  if (!isManual && found.status !== 'pending') return;
  if (!found.enabled && !isManual) {
    // Switched off while this delivery waited: it stops here, and can be redelivered by hand.
    await withTenant(deps.workerDb, tenant, (tx) =>
      tx
        .updateTable('webhookDeliveries')
        .set({ status: 'failed', nextAttemptAt: null, updatedAt: new Date() })
        .where('id', '=', deliveryId)
        .execute(),
    );
    return;
  }

  const outcome = await openAndSend(deps, {
    url: found.url,
    sealedSecret: found.secretCiphertext,
    endpointId: found.endpointId,
    deliveryId,
    body: JSON.stringify(found.payload),
  });

  const delays = deps.retryDelaysSeconds ?? WEBHOOK_RETRY_DELAYS_SECONDS;
  const nextDelay = !outcome.ok && !isManual ? delays[attempt - 1] : undefined;
  const now = new Date();
  const nextAttemptAt = nextDelay === undefined ? null : new Date(now.getTime() + nextDelay * 1000);
  const status = outcome.ok ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed';

  await withTenant(deps.workerDb, tenant, async (tx) => {
    await tx
      .insertInto('webhookAttempts')
      .values({
        organizationId,
        deliveryId,
        attempt,
        isManual,
        startedAt: now,
        responseStatus: outcome.responseStatus,
        responseTimeMs: outcome.responseTimeMs,
        error: outcome.error,
        responseBody: outcome.responseBody,
      })
      .onConflict((conflict) => conflict.columns(['deliveryId', 'attempt']).doNothing())
      .execute();
    const updated = await tx
      .updateTable('webhookDeliveries')
      .set({ status, attemptCount: attempt, nextAttemptAt, updatedAt: now })
      .where('id', '=', deliveryId)
      .where('attemptCount', '<', attempt)
      .executeTakeFirst();
    // Another run of this attempt got here first.
    if (updated.numUpdatedRows === 0n) return;
    if (nextAttemptAt) {
      await scheduleAttempt(tx, { organizationId, deliveryId, attempt: attempt + 1 }, nextAttemptAt);
      return;
    }
    if (outcome.ok) {
      await tx
        .updateTable('webhookEndpoints')
        .set({ consecutiveFailures: 0 })
        .where('id', '=', found.endpointId)
        .where('consecutiveFailures', '>', 0)
        .execute();
      return;
    }
    // A redelivery by hand that fails leaves the count alone: the schedule already counted this delivery.
    if (isManual) return;
    await countFailedDelivery(tx, {
      organizationId,
      endpointId: found.endpointId,
      url: found.url,
      lastError: outcome.error ?? 'failed',
    });
  });
}

async function countFailedDelivery(
  tx: Tx,
  failure: { organizationId: string; endpointId: string; url: string; lastError: string },
): Promise<void> {
  const endpoint = await tx
    .updateTable('webhookEndpoints')
    .set((eb) => ({ consecutiveFailures: eb('consecutiveFailures', '+', 1), updatedAt: new Date() }))
    .where('id', '=', failure.endpointId)
    .returning(['consecutiveFailures', 'enabled'])
    .executeTakeFirst();
  if (!endpoint?.enabled || endpoint.consecutiveFailures < WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES) return;
  await tx
    .updateTable('webhookEndpoints')
    .set({
      enabled: false,
      disabledAt: new Date(),
      disabledReason:
        `${endpoint.consecutiveFailures} deliveries in a row failed; last: ${failure.lastError}`.slice(
          0,
          500,
        ),
    })
    .where('id', '=', failure.endpointId)
    .execute();
  await emailMembersHolding(tx, failure.organizationId, 'webhooks:manage', (organizationName) => ({
    template: 'webhook-endpoint-disabled',
    data: {
      organizationName,
      url: failure.url,
      failedDeliveries: endpoint.consecutiveFailures,
      lastError: failure.lastError,
    },
  }));
}

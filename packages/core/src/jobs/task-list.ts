import type { Database, SystemDatabase } from '@switchboard/db/database';
import type { CronItem, TaskList } from 'graphile-worker';
import type Stripe from 'stripe';
import type { AnalysisModelKeys } from '../analysis/analysis-model.ts';
import { analyzeCall } from '../analysis/analyze-call.ts';
import { ANALYZE_CALL_TASK } from '../analysis/queue-call-analysis.ts';
import { REBUILD_ROLLUPS_TASK, rebuildRollups } from '../analytics/rebuild-rollups.ts';
import { AUTO_RECHARGE_TASK } from '../billing/auto-recharge/queue-auto-recharge.ts';
import { runAutoRecharge } from '../billing/auto-recharge/run-auto-recharge.ts';
import { type RoomDirectory, SWEEP_STALE_CALLS_TASK, sweepStaleCalls } from '../calls/sweep-stale-calls.ts';
import { deliverEmail } from '../email/deliver-email.ts';
import type { EmailConfig } from '../email/email-config.ts';
import { SEND_EMAIL_TASK } from '../email/enqueue-email.ts';
import { createEmailTransport } from '../email/transports/create-email-transport.ts';
import type { EmailTransport } from '../email/transports/email-transport.ts';
import { ANSWER_PHONE_REQUEST_TASK, answerPhoneRequest } from '../phone/answer-phone-request.ts';
import type { PhoneRuntime } from '../phone/phone-runtime.ts';
import {
  PROVISION_PHONE_CONNECTION_TASK,
  provisionPhoneConnection,
} from '../phone/provision-phone-connection.ts';
import { SYNC_PHONE_NUMBER_TASK, syncPhoneNumber } from '../phone/sync-phone-number.ts';
import { refreshMcpTools } from '../runtime/refresh-mcp-tools.ts';
import { revokeGoogleTokens } from '../runtime/revoke-google-tokens.ts';
import { runToolTest } from '../runtime/run-tool-test.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { REVOKE_GOOGLE_TOKENS_TASK } from '../tools/google/disconnect-google.ts';
import { REFRESH_MCP_TOOLS_TASK } from '../tools/mcp/request-mcp-refresh.ts';
import { RUN_TOOL_TEST_TASK } from '../tools/request-tool-test-run.ts';
import { EMIT_CALL_ENDED_TASK, emitCallEnded } from '../webhooks/call-events.ts';
import { deliverWebhook } from '../webhooks/deliver-webhook.ts';
import { DELIVER_WEBHOOK_TASK } from '../webhooks/enqueue-webhook-event.ts';

export interface TaskDeps {
  workerDb: Database;
  /** The system door, for the stale-call sweeper (it works across tenants); without it, no sweeper. */
  systemDb?: SystemDatabase;
  /** LiveKit's room list, when LiveKit is configured: the sweeper closes a call only once its room is gone. */
  rooms?: RoomDirectory | undefined;
  /** BILLING_METERING is on: the sweeper debits what a lost call's worker did not. */
  isMetering?: boolean;
  /** Stripe, for auto-recharge (absent: its purchases fail saying so); the dashboard's origin for links. */
  stripe?: Stripe | undefined;
  publicUrl?: string;
  /** Twilio and LiveKit SIP for the phone jobs (docs/phone.md); the secret box comes from `runtime`. */
  phone?: Omit<PhoneRuntime, 'secretBox'>;
  /** How the worker tier opens tool secrets and reaches Google, for test runs. */
  runtime: Omit<RuntimeDeps, 'workerDb' | 'logger'>;
  emailConfig: EmailConfig;
  logger: { info(message: string): void; warn(message: string): void };
  /** Replaces the configured transport (tests pointing at a failing provider, say). */
  emailTransport?: EmailTransport;
  /** Replaces the webhook retry schedule (tests); see docs/webhooks.md. */
  webhookRetryDelaysSeconds?: readonly number[];
  /** The model keys and ANALYSIS_* settings post-call analysis may use (docs/analysis.md). */
  analysisKeys?: AnalysisModelKeys;
}

/** Every background task of the platform, by name. */
export function createTaskList(deps: TaskDeps): TaskList {
  const transport = deps.emailTransport ?? createEmailTransport(deps.emailConfig, deps);
  const runtime: RuntimeDeps = { ...deps.runtime, workerDb: deps.workerDb, logger: deps.logger };
  const phone: PhoneRuntime = { ...deps.phone, secretBox: deps.runtime.secretBox };
  const { systemDb } = deps;
  return {
    [SEND_EMAIL_TASK]: (payload, helpers) =>
      deliverEmail({ workerDb: deps.workerDb, transport, from: deps.emailConfig.from }, payload, {
        isLast: helpers.job.attempts >= helpers.job.max_attempts,
      }),
    [RUN_TOOL_TEST_TASK]: (payload) => runToolTest(runtime, payload),
    [REVOKE_GOOGLE_TOKENS_TASK]: (payload) => revokeGoogleTokens(runtime, payload),
    [REFRESH_MCP_TOOLS_TASK]: (payload) => refreshMcpTools(runtime, payload),
    [EMIT_CALL_ENDED_TASK]: (payload) => emitCallEnded(deps.workerDb, payload),
    [REBUILD_ROLLUPS_TASK]: (payload) => rebuildRollups(deps.workerDb, payload),
    [ANALYZE_CALL_TASK]: (payload, helpers) =>
      analyzeCall(
        { workerDb: deps.workerDb, keys: deps.analysisKeys ?? {}, egress: runtime.egress },
        payload,
        {
          isLastAttempt: helpers.job.attempts >= helpers.job.max_attempts,
        },
      ),
    [DELIVER_WEBHOOK_TASK]: (payload) =>
      deliverWebhook(
        {
          workerDb: deps.workerDb,
          secretBox: runtime.secretBox,
          egress: runtime.egress,
          retryDelaysSeconds: deps.webhookRetryDelaysSeconds,
          logger: deps.logger,
        },
        payload,
      ),
    [PROVISION_PHONE_CONNECTION_TASK]: (payload) =>
      provisionPhoneConnection({ workerDb: deps.workerDb, phone }, payload),
    [SYNC_PHONE_NUMBER_TASK]: (payload) => syncPhoneNumber({ workerDb: deps.workerDb, phone }, payload),
    [ANSWER_PHONE_REQUEST_TASK]: (payload) => answerPhoneRequest({ workerDb: deps.workerDb, phone }, payload),
    ...(systemDb && {
      [AUTO_RECHARGE_TASK]: (payload) =>
        runAutoRecharge(
          { systemDb, stripe: deps.stripe, publicUrl: deps.publicUrl ?? 'http://localhost:3000' },
          payload,
        ),
      [SWEEP_STALE_CALLS_TASK]: async () => {
        await sweepStaleCalls({
          systemDb,
          rooms: deps.rooms,
          billing: deps.isMetering ? { workerDb: deps.workerDb } : undefined,
          logger: deps.logger,
        });
      },
    }),
  };
}

/**
 * The tasks that run on a schedule. The sweeper runs every minute, in one queue (never two sweeps at once)
 * and once per minute: a failed sweep is not retried, the next minute's is the retry.
 */
export const CRONTAB: CronItem[] = [
  {
    task: SWEEP_STALE_CALLS_TASK,
    match: '* * * * *',
    identifier: SWEEP_STALE_CALLS_TASK,
    options: {
      backfillPeriod: 0,
      maxAttempts: 1,
      queueName: SWEEP_STALE_CALLS_TASK,
      jobKey: SWEEP_STALE_CALLS_TASK,
    },
  },
];

import type { Database } from '@switchboard/db/database';
import type { TaskList } from 'graphile-worker';
import { deliverEmail } from '../email/deliver-email.ts';
import type { EmailConfig } from '../email/email-config.ts';
import { SEND_EMAIL_TASK } from '../email/enqueue-email.ts';
import { createEmailTransport } from '../email/transports/create-email-transport.ts';
import type { EmailTransport } from '../email/transports/email-transport.ts';
import { revokeGoogleTokens } from '../runtime/revoke-google-tokens.ts';
import { runToolTest } from '../runtime/run-tool-test.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { REVOKE_GOOGLE_TOKENS_TASK } from '../tools/google/disconnect-google.ts';
import { RUN_TOOL_TEST_TASK } from '../tools/request-tool-test-run.ts';

export interface TaskDeps {
  workerDb: Database;
  /** How the worker tier opens tool secrets and reaches Google, for test runs. */
  runtime: Omit<RuntimeDeps, 'workerDb' | 'logger'>;
  emailConfig: EmailConfig;
  logger: { info(message: string): void; warn(message: string): void };
  /** Replaces the configured transport (tests pointing at a failing provider, say). */
  emailTransport?: EmailTransport;
}

/** Every background task of the platform, by name. */
export function createTaskList(deps: TaskDeps): TaskList {
  const transport = deps.emailTransport ?? createEmailTransport(deps.emailConfig, deps);
  const runtime: RuntimeDeps = { ...deps.runtime, workerDb: deps.workerDb, logger: deps.logger };
  return {
    [SEND_EMAIL_TASK]: (payload) =>
      deliverEmail({ workerDb: deps.workerDb, transport, from: deps.emailConfig.from }, payload),
    [RUN_TOOL_TEST_TASK]: (payload) => runToolTest(runtime, payload),
    [REVOKE_GOOGLE_TOKENS_TASK]: (payload) => revokeGoogleTokens(runtime, payload),
  };
}

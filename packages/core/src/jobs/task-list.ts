import type { Database } from '@switchboard/db/database';
import type { TaskList } from 'graphile-worker';
import { deliverEmail } from '../email/deliver-email.ts';
import type { EmailConfig } from '../email/email-config.ts';
import { SEND_EMAIL_TASK } from '../email/enqueue-email.ts';
import { createEmailTransport } from '../email/transports/create-email-transport.ts';
import type { EmailTransport } from '../email/transports/email-transport.ts';

export interface TaskDeps {
  workerDb: Database;
  emailConfig: EmailConfig;
  logger: { info(message: string): void };
  /** Replaces the configured transport (tests pointing at a failing provider, say). */
  emailTransport?: EmailTransport;
}

/** Every background task of the platform, by name. */
export function createTaskList(deps: TaskDeps): TaskList {
  const transport = deps.emailTransport ?? createEmailTransport(deps.emailConfig, deps);
  return {
    [SEND_EMAIL_TASK]: (payload) =>
      deliverEmail({ workerDb: deps.workerDb, transport, from: deps.emailConfig.from }, payload),
  };
}

import type { Database } from '@switchboard/db/database';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import type { GoogleEndpoints } from '@switchboard/tools/kinds/google-calendar/google-connection';
import type { SecretBox } from '../secrets/secret-box.ts';

/** What a running call can do to itself; the voice worker provides it, a test run has none. */
export interface CallControl {
  endCall(reason: string | undefined): Promise<void>;
  transferCall(phoneNumber: string, reason: string | undefined): Promise<void>;
}

/** Everything the worker tier needs to turn stored tools into callable functions. */
export interface RuntimeDeps {
  /** Connected as switchboard_worker: the only role that may read tool secrets. */
  workerDb: Database;
  secretBox: SecretBox;
  google?: { clientId: string; clientSecret: string; endpoints?: GoogleEndpoints } | undefined;
  /** Every request to a destination a tenant chose (HTTP tools) goes through it; see docs/security/egress.md. */
  egress: Pick<EgressGuard, 'fetch'>;
  logger?: { warn(message: string): void };
}

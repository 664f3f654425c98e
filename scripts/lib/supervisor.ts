import { setTimeout as sleep } from 'node:timers/promises';

/** How a process ended: `code` when it exited, `signal` when a signal ended it. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Anything with an end: a spawned service, the embedded PostgreSQL. */
export interface Supervised {
  exited: Promise<ExitStatus>;
}

export interface BackoffPolicy {
  /** The wait before the first restart; it doubles with each restart that follows a short run. */
  initialMs: number;
  maxMs: number;
  /** A process that ran this long before it ended was healthy: the wait starts again from `initialMs`. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

export interface SupervisorOptions<T extends Supervised> {
  name: string;
  start: () => T | Promise<T>;
  /** Ends a running child (used by `stop()` only; a child that ends by itself is restarted). */
  stop: (child: T) => Promise<void>;
  log: (line: string) => void;
  backoff?: BackoffPolicy;
  now?: () => number;
  /** Waits `ms`, or less once `signal` aborts; injectable so tests do not sleep. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called with each child started after the first (to re-attach health checks, say). */
  onRestart?: (child: T) => void;
}

export interface Supervisor<T extends Supervised> {
  /** The child running now, or the last one while waiting to restart. */
  readonly current: T;
  readonly restarts: number;
  /**
   * Restarts nothing more, but leaves the running child alone: on Ctrl-C the terminal signals every
   * process at once, and the database must not come back while the services are still stopping.
   */
  stopRestarting(): void;
  /** Stops the child and restarts nothing more; resolves once it has ended. */
  stop(): Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  sleep(ms, undefined, { signal }).catch(() => undefined);

/**
 * Starts a child and restarts it whenever it ends, with exponential backoff, until `stop()`. The first start
 * is awaited and its error thrown: a service that cannot start at all is a configuration problem, not a
 * crash to retry.
 */
export async function supervise<T extends Supervised>(options: SupervisorOptions<T>): Promise<Supervisor<T>> {
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? Date.now;
  const delay = options.delay ?? abortableSleep;
  const stopping = new AbortController();
  let current = await options.start();
  let isRunning = true;
  let restarts = 0;
  let stopped: Promise<void> | undefined;

  const loop = (async () => {
    let startedAt = now();
    let failures = 0;
    let ended: ExitStatus | Error = await current.exited;
    for (;;) {
      isRunning = false;
      if (stopping.signal.aborted) return;
      if (now() - startedAt >= policy.resetAfterMs) failures = 0;
      const waitMs = Math.min(policy.maxMs, policy.initialMs * 2 ** failures);
      failures += 1;
      const at = new Date(now() + waitMs).toISOString().slice(11, 19);
      options.log(`${options.name} ${describeEnd(ended)}; restarting in ${waitMs / 1000}s (at ${at})`);
      await delay(waitMs, stopping.signal);
      if (stopping.signal.aborted) return;
      try {
        const child = await options.start();
        current = child;
        restarts += 1;
        startedAt = now();
        isRunning = true;
        // Stopped while it was starting: end it here, stop() is waiting for this loop.
        if (stopping.signal.aborted) {
          await options.stop(child);
          return;
        }
        options.onRestart?.(child);
        ended = await child.exited;
      } catch (error) {
        startedAt = now();
        ended = error instanceof Error ? error : new Error(String(error));
      }
    }
  })();

  return {
    get current() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    stopRestarting() {
      stopping.abort();
    },
    stop() {
      stopping.abort();
      stopped ??= (async () => {
        if (isRunning) await options.stop(current);
        await loop;
      })();
      return stopped;
    },
  };
}

function describeEnd(ended: ExitStatus | Error): string {
  if (ended instanceof Error) return `could not start (${ended.message})`;
  if (ended.signal) return `was ended by ${ended.signal}`;
  return `exited with code ${ended.code}`;
}

/**
 * Calls `callback` in a job process when the worker stops this running job: on SIGTERM the worker drains
 * (no new jobs, running calls go on) for WORKER_DRAIN_TIMEOUT_SECONDS, then sends every job still running
 * a `shutdownRequest` over the process's IPC channel (@livekit/agents 1.9, ipc/supervised_proc.js). The
 * job's own close reason does not say so (the session then closes as any job shutdown), hence this listener:
 * it runs in the same tick the SDK's does, before the session is closed. Returns the unsubscribe.
 */
export function onWorkerShutdown(callback: () => void): () => void {
  const listener = (message: unknown) => {
    if (typeof message === 'object' && message !== null && 'case' in message) {
      if (message.case === 'shutdownRequest') callback();
    }
  };
  process.on('message', listener);
  return () => process.off('message', listener);
}

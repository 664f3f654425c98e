import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type ServiceProcess, startService, stopService } from './processes.ts';
import { type SupervisorOptions, supervise } from './supervisor.ts';

/** A real short-lived child: node running `code`. */
function node(code: string): ServiceProcess {
  return startService('api', process.execPath, ['-e', code], { env: process.env });
}
const exitsWith3 = () => node('process.exit(3)');
/** Stays up until it is stopped. */
function longRunning(): ServiceProcess {
  return node('setInterval(() => {}, 1000)');
}

/** A clock the test moves, and a delay that records each wait and returns at once (or on a gate). */
function harness() {
  let clock = 0;
  const waits: number[] = [];
  const lines: string[] = [];
  let gate: Promise<void> | undefined;
  const options: Pick<SupervisorOptions<ServiceProcess>, 'log' | 'now' | 'delay' | 'stop' | 'name'> = {
    name: 'api',
    log: (line) => lines.push(line),
    now: () => clock,
    delay: async (ms, signal) => {
      waits.push(ms);
      clock += ms;
      if (gate) await Promise.race([gate, once(signal, 'abort')]);
    },
    stop: (child) => stopService(child, 2_000),
  };
  return {
    options,
    waits,
    lines,
    advance: (ms: number) => {
      clock += ms;
    },
    holdDelays: () => {
      gate = new Promise(() => {});
    },
  };
}

/**
 * Hands out children made by `make(n)`; `reached(count)` resolves once the count-th child has spawned, by
 * which time the supervisor has taken it as its current child.
 */
function counted(make: (n: number) => ServiceProcess) {
  const children: ServiceProcess[] = [];
  const waiters = new Map<number, (child: ServiceProcess) => void>();
  return {
    start: () => {
      const child = make(children.length + 1);
      children.push(child);
      const waiter = waiters.get(children.length);
      if (waiter) child.child.once('spawn', () => setImmediate(() => waiter(child)));
      return child;
    },
    calls: () => children.length,
    reached: (count: number) =>
      children.length >= count
        ? Promise.resolve(children[count - 1]!)
        : new Promise<ServiceProcess>((resolve) => waiters.set(count, resolve)),
  };
}

describe('supervise', () => {
  it('restarts a child that exits, doubling the wait up to the cap, and says why and when', async () => {
    const h = harness();
    const starts = counted((n) => (n <= 7 ? exitsWith3() : longRunning()));
    const supervisor = await supervise({
      ...h.options,
      start: starts.start,
      backoff: { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 },
    });
    await starts.reached(8);
    expect(h.waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(h.lines[0]).toMatch(/^api exited with code 3; restarting in 1s \(at \d\d:\d\d:\d\d\)$/);
    expect(h.lines[6]).toContain('restarting in 30s');
    expect(supervisor.restarts).toBe(7);

    const last = supervisor.current;
    await supervisor.stop();
    expect(last.child.signalCode).toBe('SIGTERM');
    expect(starts.calls()).toBe(8);
    expect(h.lines).toHaveLength(7);
  });

  it('starts again from the shortest wait after a child ran longer than the reset period', async () => {
    const h = harness();
    // The third child runs "a minute and a half" on the test clock, then is killed.
    const starts = counted((n) => (n === 3 || n >= 5 ? longRunning() : exitsWith3()));
    const supervisor = await supervise({ ...h.options, start: starts.start });
    const third = await starts.reached(3);
    h.advance(90_000);
    third.child.kill('SIGKILL');
    await starts.reached(5);
    expect(h.waits).toEqual([1_000, 2_000, 1_000, 2_000]);
    expect(h.lines[2]).toMatch(/^api was ended by SIGKILL; restarting in 1s/);
    await supervisor.stop();
  });

  it('backs off and retries when a restart itself fails', async () => {
    const h = harness();
    const starts = counted(() => longRunning());
    let attempts = 0;
    const supervisor = await supervise({
      ...h.options,
      start: () => {
        attempts += 1;
        if (attempts === 1) return exitsWith3();
        if (attempts === 2) throw new Error('port 5433 in use');
        return starts.start();
      },
    });
    await starts.reached(1);
    expect(h.lines[1]).toMatch(/^api could not start \(port 5433 in use\); restarting in 2s/);
    await supervisor.stop();
  });

  it('stop() during a backoff wait restarts nothing', async () => {
    const h = harness();
    h.holdDelays();
    const starts = counted(() => exitsWith3());
    const supervisor = await supervise({ ...h.options, start: starts.start });
    await supervisor.current.exited;
    // The loop is now waiting out its backoff; stop() cuts the wait short.
    await new Promise<void>((resolve) => {
      const check = () => (h.waits.length > 0 ? resolve() : setImmediate(check));
      check();
    });
    await supervisor.stop();
    expect(starts.calls()).toBe(1);
  });

  it('after stopRestarting() a child that ends stays down, and stop() still resolves', async () => {
    const h = harness();
    const starts = counted(() => longRunning());
    const supervisor = await supervise({ ...h.options, start: starts.start });
    await starts.reached(1);
    supervisor.stopRestarting();
    // As on Ctrl-C: the terminal's signal reaches the child before the supervisor stops it.
    supervisor.current.child.kill('SIGINT');
    await supervisor.current.exited;
    await supervisor.stop();
    expect(starts.calls()).toBe(1);
    expect(h.lines).toEqual([]);
  });

  it('the first start’s error is thrown to the caller', async () => {
    const h = harness();
    await expect(
      supervise({
        ...h.options,
        start: () => {
          throw new Error('no such binary');
        },
      }),
    ).rejects.toThrow('no such binary');
  });
});

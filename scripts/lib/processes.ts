import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ExitStatus } from './supervisor.ts';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<ExitStatus>;
}

const COLORS = { api: 36, web: 35, worker: 34, jobs: 94, db: 33, start: 32 } as const;

export function prefixed(name: keyof typeof COLORS, line: string): string {
  const tag = `[${name}]`.padEnd(8);
  return process.stdout.isTTY ? `\x1b[${COLORS[name]}m${tag}\x1b[0m ${line}` : `${tag} ${line}`;
}

/** Starts a child whose every output line is printed with the service's prefix, through `format`. */
export function startService(
  name: keyof typeof COLORS,
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; format?: (line: string) => string },
): ServiceProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const format = options.format ?? ((line: string) => line);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (line.trim()) console.log(prefixed(name, format(line)));
    });
  }
  const exited = new Promise<ExitStatus>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name, child, exited };
}

/** SIGTERM, then SIGKILL if the service has not exited within `graceMs`. */
export async function stopService(service: ServiceProcess, graceMs = 8_000): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
}

export async function waitForHttp(url: string, isAlive: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`gave up waiting for ${url}: the process exited`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

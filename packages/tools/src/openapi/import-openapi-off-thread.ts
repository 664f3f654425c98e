import { Worker } from 'node:worker_threads';
import type { ImportOpenApiOptions, OpenApiImport } from './import-openapi.ts';
import { OpenApiImportError, type OpenApiImportProblem } from './openapi-import-error.ts';
import { checkDocumentSize } from './parse-source.ts';

/** What the parent sends a thread, and what the thread answers (import-openapi-worker.ts). */
export interface ImportRequest {
  source: string;
  options: ImportOpenApiOptions;
}
export type ImportReply =
  | { ok: true; json: string }
  | { ok: false; problem: OpenApiImportProblem; message: string };

export interface OpenApiImporterLimits {
  /** Imports that run at once, each in its own thread. */
  threads?: number;
  /** Wall time one import may take; then its thread is stopped and the import fails (`too-complex`). */
  timeBudgetMs?: number;
  /** Heap one thread may use; an import that needs more fails (`too-complex`). */
  maxHeapMb?: number;
  /** Imports that may wait for a free thread; more are refused (`busy`). */
  maxWaiting?: number;
  /** An idle thread is stopped after this long; the next import starts a new one. */
  idleMs?: number;
}

export interface OpenApiImporter {
  /** importOpenApi in a worker thread, within the importer's limits. */
  import(source: string, options?: ImportOpenApiOptions): Promise<OpenApiImport>;
  /** Stops every thread; imports still running fail. */
  close(): Promise<void>;
}

/**
 * A 7 MB JSON document (Stripe's size) takes about 5 s to read, validate and resolve, a 2 MB YAML one seconds
 * and hundreds of MB: 30 s leaves room on a busy machine, and the heap limit stops what the size cap lets
 * through (deep alias trees, schemas that expand on inlining).
 */
const DEFAULTS: Required<OpenApiImporterLimits> = {
  threads: 2,
  timeBudgetMs: 30_000,
  maxHeapMb: 512,
  maxWaiting: 8,
  idleMs: 60_000,
};

const WORKER_URL = new URL('./import-openapi-worker.mjs', import.meta.url);

const seconds = (ms: number) => `${ms / 1000} ${ms === 1000 ? 'second' : 'seconds'}`;

/** One worker thread, reused for one import after another. */
class ImportThread {
  private readonly worker: Worker;
  private current?: {
    resolve: (value: OpenApiImport) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
  };
  idleTimer?: NodeJS.Timeout;
  isAlive = true;

  constructor(
    private readonly limits: Required<OpenApiImporterLimits>,
    onExit: (thread: ImportThread) => void,
  ) {
    this.worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
      // Not the parent's `--import` flags: the thread registers tsx itself (import-openapi-worker.mjs), and a
      // preloaded TypeScript module (the telemetry's register.ts) would fail to load before it has.
      execArgv: [],
    });
    // An idle thread must not keep the process alive (tests, shutdown); a running import's time-budget
    // timer does, until it settles.
    this.worker.unref();
    this.worker.on('message', (reply: ImportReply) =>
      reply.ok
        ? this.settle(JSON.parse(reply.json) as OpenApiImport)
        : this.settle(new OpenApiImportError(reply.message, reply.problem)),
    );
    this.worker.on('error', (error: Error & { code?: string }) =>
      this.settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new OpenApiImportError(
              `Importing the document needed more than ${limits.maxHeapMb} MB of memory; simplify or split it`,
              'too-complex',
            )
          : error,
      ),
    );
    this.worker.on('exit', () => {
      this.isAlive = false;
      this.settle(new Error('The OpenAPI import thread stopped'));
      onExit(this);
    });
  }

  run(request: ImportRequest): Promise<OpenApiImport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(
          new OpenApiImportError(
            `Importing the document took longer than ${seconds(this.limits.timeBudgetMs)} and was stopped; ` +
              'simplify or split it',
            'too-complex',
          ),
        );
        void this.terminate();
      }, this.limits.timeBudgetMs);
      this.current = { resolve, reject, timer };
      this.worker.postMessage(request);
    });
  }

  terminate(): Promise<number> {
    this.isAlive = false;
    return this.worker.terminate();
  }

  private settle(outcome: OpenApiImport | Error): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    clearTimeout(current.timer);
    if (outcome instanceof Error) current.reject(outcome);
    else current.resolve(outcome);
  }
}

/**
 * Imports OpenAPI documents off the event loop: parsing and converting a large document takes seconds of
 * CPU, during which the API would answer nobody. Each import runs in a worker thread with a time budget and
 * a heap limit; a thread that runs out of either is stopped, and the next import starts a fresh one.
 */
export function createOpenApiImporter(limits: OpenApiImporterLimits = {}): OpenApiImporter {
  const settings = { ...DEFAULTS, ...limits };
  const threads = new Set<ImportThread>();
  const idle: ImportThread[] = [];
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let running = 0;
  let isClosed = false;

  const forget = (thread: ImportThread) => {
    threads.delete(thread);
    const at = idle.indexOf(thread);
    if (at >= 0) idle.splice(at, 1);
    clearTimeout(thread.idleTimer);
  };

  async function acquire(): Promise<void> {
    if (running < settings.threads) {
      running += 1;
      return;
    }
    if (waiting.length >= settings.maxWaiting) {
      throw new OpenApiImportError(
        'Too many documents are being imported right now; try again in a minute',
        'busy',
      );
    }
    // release() hands its slot over: `running` stays counted.
    await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next.resolve();
    else running -= 1;
  }

  function takeThread(): ImportThread {
    const thread = idle.pop();
    if (thread) {
      clearTimeout(thread.idleTimer);
      return thread;
    }
    const started = new ImportThread(settings, forget);
    threads.add(started);
    return started;
  }

  function park(thread: ImportThread): void {
    if (!thread.isAlive || isClosed) return;
    thread.idleTimer = setTimeout(() => {
      forget(thread);
      void thread.terminate();
    }, settings.idleMs).unref();
    idle.push(thread);
  }

  return {
    async import(source, options = {}) {
      if (isClosed) throw new Error('The OpenAPI importer is closed');
      // Refused here, without waiting for a thread; the thread checks again for other callers.
      checkDocumentSize(source);
      await acquire();
      const thread = takeThread();
      try {
        return await thread.run({ source, options });
      } finally {
        park(thread);
        release();
      }
    },

    async close() {
      isClosed = true;
      for (const waiter of waiting.splice(0)) waiter.reject(new Error('The OpenAPI importer is closed'));
      await Promise.all([...threads].map((thread) => thread.terminate()));
    },
  };
}

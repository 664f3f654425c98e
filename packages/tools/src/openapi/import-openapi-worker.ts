import { parentPort } from 'node:worker_threads';
import { importOpenApi } from './import-openapi.ts';
import type { ImportReply, ImportRequest } from './import-openapi-off-thread.ts';
import { OpenApiImportError } from './openapi-import-error.ts';

/**
 * The largest preview a thread sends back. The API validates and serializes it on its event loop, so it is
 * bounded like the document is; 500 functions of GitHub's REST API take under 1 MB.
 */
const MAX_RESULT_BYTES = 4 * 1024 * 1024;

async function handle({ source, options }: ImportRequest): Promise<ImportReply> {
  try {
    const json = JSON.stringify(await importOpenApi(source, options));
    if (json.length > MAX_RESULT_BYTES) {
      return {
        ok: false,
        problem: 'too-complex',
        message: `The functions of this document would take ${(json.length / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_RESULT_BYTES / 1024 / 1024} MB an import may return; remove the operations you do not need`,
      };
    }
    return { ok: true, json };
  } catch (error) {
    if (error instanceof OpenApiImportError) {
      return { ok: false, problem: error.problem, message: error.message };
    }
    if (error instanceof RangeError) {
      return {
        ok: false,
        problem: 'too-complex',
        message: 'The document is too deeply nested or recursive to import',
      };
    }
    // A bug, not a bad document: the parent reports it as a failure of ours.
    throw error;
  }
}

const port = parentPort;
if (!port) throw new Error('import-openapi-worker runs in a worker thread');
port.on('message', (request: ImportRequest) => {
  void handle(request).then((reply) => port.postMessage(reply));
});

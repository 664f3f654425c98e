import type { OpenApiPreview, OpenApiPreviewRequest } from '@switchboard/contracts/tools';
import type { OpenApiImporter } from '@switchboard/tools/openapi/import-openapi-off-thread';
import { OpenApiImportError } from '@switchboard/tools/openapi/openapi-import-error';
import { AppError, invalidFields } from '../errors.ts';

function toAppError({ problem, message }: OpenApiImportError): AppError {
  const details = [{ path: 'document', message }];
  switch (problem) {
    case 'invalid':
      return invalidFields(details);
    case 'too-large':
      return new AppError('PAYLOAD_TOO_LARGE', message, details);
    case 'too-complex':
      return new AppError('TOO_COMPLEX', message, details);
    case 'busy':
      return new AppError('BUSY', message);
  }
}

/**
 * Turns a pasted OpenAPI or Swagger document or Postman collection into candidate functions and the
 * authentication it declares; nothing is stored until the user picks. A document with more operations
 * than a tool holds is listed, and asked for again with the picked operations. The import runs on
 * `importer`'s threads, within its size, time and memory limits.
 */
export async function previewOpenApiImport(
  input: OpenApiPreviewRequest,
  importer: OpenApiImporter,
): Promise<OpenApiPreview> {
  try {
    const imported = await importer.import(input.document, {
      ...(input.baseUrl && { baseUrl: input.baseUrl }),
      ...(input.operations && { operations: input.operations }),
    });
    return { ...imported, version: String(imported.version) };
  } catch (error) {
    if (error instanceof OpenApiImportError) throw toAppError(error);
    throw error;
  }
}

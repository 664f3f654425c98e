import type { OpenApiPreview, OpenApiPreviewRequest } from '@switchboard/contracts/tools';
import { importOpenApi } from '@switchboard/tools/openapi/import-openapi';
import { OpenApiImportError } from '@switchboard/tools/openapi/openapi-import-error';
import { invalidFields } from '../errors.ts';

/** Turns a pasted OpenAPI document into candidate functions; nothing is stored until the user picks. */
export async function previewOpenApiImport(input: OpenApiPreviewRequest): Promise<OpenApiPreview> {
  try {
    const imported = await importOpenApi(input.document, input.baseUrl ? { baseUrl: input.baseUrl } : {});
    return { ...imported, version: String(imported.version) };
  } catch (error) {
    if (error instanceof OpenApiImportError) {
      throw invalidFields([{ path: 'document', message: error.message }]);
    }
    throw error;
  }
}

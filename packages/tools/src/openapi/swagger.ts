import swagger2openapi from 'swagger2openapi';
import { OpenApiImportError } from './openapi-import-error.ts';

/**
 * Converts a Swagger 2.0 document to OpenAPI 3.0 with swagger2openapi (the converter of the oas-kit
 * project). Nothing outside the document is read: `resolve: false` keeps external `$ref`s as they are (the
 * importer then leaves them out with a warning), and a `fetch` that refuses stands in for the network in
 * case a future version reaches for it anyway.
 */
export async function convertSwagger(document: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    const converted = (await swagger2openapi.convertObj(structuredClone(document), {
      patch: true,
      warnOnly: true,
      resolve: false,
      resolveInternal: false,
      direct: true,
      // Otherwise it serialises the whole document to YAML first, only for error messages.
      text: '-',
      fetch: () => Promise.reject(new Error('Swagger import reads no URL')),
    })) as Record<string, unknown>;
    return converted;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new OpenApiImportError(
      `This is a Swagger 2.0 document that could not be converted to OpenAPI 3: ${reason}`,
    );
  }
}

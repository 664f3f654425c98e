/**
 * Why a document was not imported: `invalid` (it is not a readable OpenAPI 3 document), `too-large` (more
 * bytes than OPENAPI_DOCUMENT_MAX_BYTES), `too-complex` (more operations than a tool holds, nested too
 * deep, or more time or memory than an import may take), `busy` (too many imports are waiting).
 */
export type OpenApiImportProblem = 'invalid' | 'too-large' | 'too-complex' | 'busy';

/**
 * An OpenAPI document that cannot be imported. The message names the problem and where it is
 * (`Invalid OpenAPI document: paths./pets.get.responses is required`), ready to show to the user.
 */
export class OpenApiImportError extends Error {
  override name = 'OpenApiImportError';

  constructor(
    message: string,
    readonly problem: OpenApiImportProblem = 'invalid',
  ) {
    super(message);
  }
}

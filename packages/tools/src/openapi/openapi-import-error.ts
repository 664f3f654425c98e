/**
 * An OpenAPI document that cannot be imported. The message names the problem and where it is
 * (`Invalid OpenAPI document: paths./pets.get.responses is required`), ready to show to the user.
 */
export class OpenApiImportError extends Error {
  override name = 'OpenApiImportError';
}

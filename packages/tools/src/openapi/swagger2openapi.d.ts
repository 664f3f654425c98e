// swagger2openapi ships no types; only the promise form of convertObj is used (see swagger.ts).
declare module 'swagger2openapi' {
  const swagger2openapi: {
    convertObj(document: object, options: Record<string, unknown>): Promise<unknown>;
  };
  export default swagger2openapi;
}

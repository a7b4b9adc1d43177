/** OpenAPI in and out: import documents into a connector folder, export a connector. */
export { MAX_DOCUMENT_BYTES } from "./documents.ts";
export {
  type DocumentLocation,
  formatLocation,
  formatProblem,
  type LocatedProblem,
  OpenApiError,
} from "./errors.ts";
export { exportOpenApi } from "./export.ts";
export {
  type ImportOptions,
  type ImportResult,
  type ImportSummary,
  importOpenApi,
  type OperationSummary,
  writeImport,
} from "./import.ts";

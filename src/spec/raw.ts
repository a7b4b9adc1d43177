/**
 * The shapes of connector files as written in YAML, once they passed schema validation.
 * Keys are the spec's snake_case keys; `compileConnector` turns these into the model.
 */

export interface RawError {
  code: string;
  status: number;
  message: string;
  resolution: string;
}

export interface RawConnector {
  name: string;
  title: string;
  description?: string;
  base_path: string;
  auth: { type: "oauth2"; header_prefix: string; token_path: string };
  scope_format: { services: string[]; operations: string[] };
  data_centers: Record<string, { label: string; api: string; accounts: string }>;
  deluge: { connection: string };
  errors?: RawError[];
}

export interface RawParameter {
  in: "query" | "path" | "header";
  type: "string" | "integer" | "number" | "boolean";
  required?: boolean;
  description: string;
  enum?: string[];
}

export interface RawFilePart {
  required?: boolean;
  description: string;
  max_count?: number;
  max_bytes?: number;
  forbidden_extensions?: string[];
}

export interface RawEndpoint {
  id: string;
  title: string;
  purpose: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  scopes: { name: string; description: string }[];
  parameters?: Record<string, RawParameter>;
  body?: { multipart: Record<string, RawFilePart> };
  response: "file" | "json" | "empty";
  errors?: RawError[];
  notes?: string[];
  examples?: { name: string; params?: Record<string, string>; files?: Record<string, string> }[];
}

/**
 * The shapes of connector files as written in YAML, once they passed schema validation.
 * Keys are the spec's snake_case keys; `compileConnector` turns these into the model.
 */
import type { JsonSchema } from "./model.ts";

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
  type: "string" | "integer" | "number" | "boolean" | "date" | "datetime" | "list";
  required?: boolean;
  description: string;
  enum?: string[];
  max_items?: number;
  tz?: string;
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
  base_path?: string;
  path: string;
  scopes: { name: string; description: string }[];
  parameters?: Record<string, RawParameter>;
  body?: { multipart?: Record<string, RawFilePart>; json?: { schema: JsonSchema } };
  response: "file" | "json" | "empty";
  response_schema?: JsonSchema;
  idempotent?: boolean;
  credits?: number;
  concurrency?: number;
  expected_max_bytes?: number;
  pagination?: {
    items: string;
    more_path?: string;
    max_records?: number;
    token_param?: string;
    next_token_path?: string;
  };
  batch?: { field: string; max_items: number };
  job?: {
    id_path: string;
    status: string;
    state_path: string;
    done: string[];
    failed?: string[];
    result: string;
  };
  errors?: RawError[];
  notes?: string[];
  examples?: {
    name: string;
    params?: Record<string, string>;
    files?: Record<string, string>;
    body?: unknown;
  }[];
}

/**
 * What the linter knows about a script's variables at a point of its walk, learnt from the
 * statements before in source order: the text a variable was given, the entries `put` into a
 * Map (a header map, a JSON payload), and which variables hold the reply of an `invokeurl`
 * with `detailed: true` or that reply's `responseText`.
 *
 * Limitations: a fact is learnt in source order across branches (a `put` inside an `if` counts
 * after it) and forgotten only when the variable is assigned again; values computed at run
 * time (a Map returned by a function, a key held in a variable) are not followed.
 */
import type { Expression, InvokeUrlExpression } from "./ast.ts";

/** One entry of a Map, by the key's text. */
export interface MapEntry {
  /** The key as written, e.g. `Content-Type`. */
  readonly key: string;
  readonly value: Expression;
}

/** Keys of the map an `invokeurl` with `detailed: true` returns (deluge-facts.md s.1.2). */
export const DETAILED_REPLY_KEYS = ["responseCode", "responseText", "responseHeader"];

/** The text of a text literal, or undefined for any other expression. */
export function textOf(node: Expression | undefined): string | undefined {
  return node?.kind === "literal" && node.type === "text" ? node.value : undefined;
}

/** The value of the invokeurl key `key` (case-insensitive), if the task has it. */
export function invokeUrlValue(node: InvokeUrlExpression, key: string): Expression | undefined {
  return node.params.find((param) => param.key.toLowerCase() === key)?.value;
}

/** Facts about variables, updated statement by statement. */
export class ScriptFacts {
  /** Text literals assigned to variables (for the host rule). */
  readonly texts = new Map<string, string>();
  /** Variables that hold a Map: its entries by lower-case key. */
  readonly maps = new Map<string, Map<string, MapEntry>>();
  /** Variables that hold the reply of an invokeurl with `detailed: true`. */
  readonly detailedReplies = new Set<string>();
  /** Variables that hold `responseText` of such a reply, read without `toString().toMap()`. */
  readonly replyTexts = new Set<string>();

  /** Forgets what `name` held (it was given a value the linter does not follow). */
  forget(name: string): void {
    this.texts.delete(name);
    this.maps.delete(name);
    this.detailedReplies.delete(name);
    this.replyTexts.delete(name);
  }

  /** Records `name = value`, forgetting what `name` held before. */
  assign(name: string, value: Expression): void {
    this.forget(name);
    const text = textOf(value);
    if (text !== undefined) this.texts.set(name, text);
    const entries = this.mapEntries(value);
    if (entries) this.maps.set(name, entries);
    if (value.kind === "invokeurl" && isDetailed(value)) this.detailedReplies.add(name);
    if (this.isReplyText(value)) this.replyTexts.add(name);
  }

  /** Records `name.put(key, value)` on a variable known to hold a Map. */
  put(name: string, key: Expression | undefined, value: Expression | undefined): void {
    const text = textOf(key);
    const entries = this.maps.get(name);
    if (entries && text !== undefined && value) {
      entries.set(text.toLowerCase(), { key: text, value });
    }
  }

  /**
   * The entries of a Map expression: a map literal, `Map()`, or a variable holding a Map.
   * Undefined for anything else.
   */
  mapEntries(node: Expression | undefined): Map<string, MapEntry> | undefined {
    if (node?.kind === "identifier") return this.maps.get(node.name);
    if (node?.kind === "call" && node.target === null && node.name.toLowerCase() === "map") {
      return new Map();
    }
    if (node?.kind !== "map") return undefined;
    const entries = new Map<string, MapEntry>();
    for (const entry of node.entries) {
      const key = textOf(entry.key);
      if (key !== undefined) entries.set(key.toLowerCase(), { key, value: entry.value });
    }
    return entries;
  }

  /** Whether `node` is `reply.get("responseText")` of a detailed reply, as it came. */
  isReplyText(node: Expression): boolean {
    return (
      node.kind === "call" &&
      node.name === "get" &&
      node.target?.kind === "identifier" &&
      this.detailedReplies.has(node.target.name) &&
      textOf(node.args[0]) === "responseText"
    );
  }
}

/** Whether the task says `detailed: true`. */
export function isDetailed(node: InvokeUrlExpression): boolean {
  const value = invokeUrlValue(node, "detailed");
  return value?.kind === "literal" && value.type === "boolean" && value.value === "true";
}

/**
 * The Deluge syntax tree that `parseDeluge` builds and the linter and interpreter walk. Every
 * node carries the 1-based line and column of its first token, so a diagnostic can point at it.
 */

/** Where a node starts in its source. */
export interface NodePosition {
  readonly line: number;
  readonly column: number;
}

/** A whole script: an optional CRM function header, then statements. */
export interface DelugeScript {
  readonly function: FunctionHeader | null;
  readonly body: readonly Statement[];
}

/** `string standalone.fetchFile(string id, Int count)` before a `{ ... }` body. */
export interface FunctionHeader extends NodePosition {
  readonly returnType: string;
  /** Everything before the name, e.g. `standalone`; empty when there is none. */
  readonly category: string;
  readonly name: string;
  readonly params: readonly { readonly type: string; readonly name: string }[];
}

export type Statement =
  | AssignStatement
  | ExpressionStatement
  | IfStatement
  | ForEachStatement
  | ReturnStatement
  | InfoStatement
  | TryStatement
  | JumpStatement;

/** `x = value;`, `x += value;`. */
export interface AssignStatement extends NodePosition {
  readonly kind: "assign";
  readonly name: string;
  /** `=`, `+=`, `-=`, `*=`, `/=` or `%=`. */
  readonly operator: string;
  readonly value: Expression;
}

/** A call or an `invokeurl` task used as a statement. */
export interface ExpressionStatement extends NodePosition {
  readonly kind: "expression";
  readonly expression: Expression;
}

/** `if (...) {...} else if (...) {...} else {...}`. */
export interface IfStatement extends NodePosition {
  readonly kind: "if";
  readonly branches: readonly { readonly condition: Expression; readonly body: Block }[];
  readonly otherwise: Block | null;
}

/** `for each x in list {...}` or `for each index i in list {...}`. */
export interface ForEachStatement extends NodePosition {
  readonly kind: "forEach";
  readonly variable: string;
  /** True for `for each index i in list`: `i` takes the indexes, not the elements. */
  readonly byIndex: boolean;
  readonly iterable: Expression;
  readonly body: Block;
}

export interface ReturnStatement extends NodePosition {
  readonly kind: "return";
  readonly value: Expression | null;
}

/** `info value;`: a debug line, shown in the function's log in Zoho. */
export interface InfoStatement extends NodePosition {
  readonly kind: "info";
  readonly value: Expression;
}

/** `try {...} catch (e) {...}`. */
export interface TryStatement extends NodePosition {
  readonly kind: "try";
  readonly body: Block;
  readonly errorVariable: string;
  readonly handler: Block;
}

/** `break;` or `continue;`. */
export interface JumpStatement extends NodePosition {
  readonly kind: "break" | "continue";
}

export type Block = readonly Statement[];

export type Expression =
  | LiteralExpression
  | IdentifierExpression
  | UnaryExpression
  | BinaryExpression
  | CallExpression
  | MemberExpression
  | MapExpression
  | ListExpression
  | InvokeUrlExpression;

/** A text, number, boolean, null or `'date'` literal. */
export interface LiteralExpression extends NodePosition {
  readonly kind: "literal";
  readonly type: "text" | "number" | "boolean" | "null" | "date";
  /** The decoded value: text, the number's source text, `true`/`false`, `null`, the date text. */
  readonly value: string;
}

export interface IdentifierExpression extends NodePosition {
  readonly kind: "identifier";
  readonly name: string;
}

export interface UnaryExpression extends NodePosition {
  readonly kind: "unary";
  readonly operator: "!" | "-";
  readonly operand: Expression;
}

export interface BinaryExpression extends NodePosition {
  readonly kind: "binary";
  readonly operator: string;
  readonly left: Expression;
  readonly right: Expression;
}

/**
 * `name(args)` (callee an identifier: `Map()`, `ifnull(a, b)`, `getUrl(...)`) or
 * `target.name(args)` (a method or a task such as `zoho.encryption.urlEncode(x)`).
 */
export interface CallExpression extends NodePosition {
  readonly kind: "call";
  readonly target: Expression | null;
  readonly name: string;
  /** For `List:String()`, the element type; otherwise empty. */
  readonly typeArgument: string;
  readonly args: readonly Expression[];
}

/** `a.b` without a call: a namespace step such as `zoho.encryption`. */
export interface MemberExpression extends NodePosition {
  readonly kind: "member";
  readonly target: Expression;
  readonly name: string;
}

export interface MapExpression extends NodePosition {
  readonly kind: "map";
  readonly entries: readonly { readonly key: Expression; readonly value: Expression }[];
}

export interface ListExpression extends NodePosition {
  readonly kind: "list";
  /** The opening bracket as written: `{"a", "b"}` or `["a", "b"]` (the linter tells them apart). */
  readonly bracket: "{" | "[";
  readonly elements: readonly Expression[];
}

/** One `key: value` line of an `invokeurl` task. */
export interface InvokeUrlParam extends NodePosition {
  readonly key: string;
  readonly value: Expression;
}

/** The `invokeurl [ key: value ... ]` task. */
export interface InvokeUrlExpression extends NodePosition {
  readonly kind: "invokeurl";
  readonly params: readonly InvokeUrlParam[];
}

/**
 * A small Deluge interpreter for testing snippets off Zoho: it runs the subset that generated
 * snippets use and a little more - assignments, text/number/boolean/null literals, maps and
 * lists, the operators, `if / else if / else`, `for each`, `try / catch`, `return`, `break`,
 * `continue`, `info` (captured), the built-ins of `builtins.ts` and the `invokeurl` task
 * (`invoke-url.ts`), whose `connection:` resolves to a token through a connection table and
 * whose request always goes to the configured base URL, never to the host in the URL.
 *
 * Limitations (what it does not do): no `zoho.crm.*` or other integration tasks, no
 * `sendmail`, no `getUrl`/`postUrl`, no date-time arithmetic (a date literal in the default
 * form is a DATE / DATE-TIME with `toString(pattern)`, any other is TEXT), no
 * user-defined function calls; a function header's parameters are taken from `variables`.
 * Numbers are JavaScript doubles, so keep record ids as text (Deluge's Long would be exact).
 * Division by zero gives Infinity instead of Zoho's error. The statement budget (default
 * 200,000, CRM's "lines of execution") is the only limit enforced.
 */
import type { Block, DelugeScript, Expression, Statement } from "./ast.ts";
import { BuiltinError, callFunction, callMethod, callTask } from "./builtins.ts";
import { parseDateLiteral } from "./date-time.ts";
import { InvokeUrlError, type InvokeUrlSettings, sendInvokeUrl } from "./invoke-url.ts";
import { parseDeluge } from "./parser.ts";
import {
  DelugeList,
  DelugeMap,
  DelugeRuntimeError,
  type DelugeValue,
  isTrue,
  looselyEqual,
  toText,
  typeName,
} from "./values.ts";

/** Options of `runDeluge`. */
export interface RunOptions extends InvokeUrlSettings {
  /** Variables set before the first statement (a function header's parameters, say). */
  readonly variables?: Readonly<Record<string, DelugeValue>>;
  /** Most statements to execute before failing. Default 200,000 (CRM's limit). */
  readonly maxStatements?: number;
}

/** What a run produced. */
export interface DelugeRun {
  /** The text of every `info` statement, in order. */
  readonly info: readonly string[];
  /** The value of `return`, or null. */
  readonly returned: DelugeValue;
  /** Variables at the end of the run. */
  readonly variables: ReadonlyMap<string, DelugeValue>;
}

class ReturnSignal {
  constructor(readonly value: DelugeValue) {}
}
class JumpSignal {
  constructor(readonly kind: "break" | "continue") {}
}

/** Parses (when given text) and runs a Deluge script. Rejects with `DelugeRuntimeError`. */
export async function runDeluge(
  script: string | DelugeScript,
  options: RunOptions,
): Promise<DelugeRun> {
  const parsed = typeof script === "string" ? parseDeluge(script) : script;
  const run = new Run(options);
  for (const [name, value] of Object.entries(options.variables ?? {})) run.vars.set(name, value);
  let returned: DelugeValue = null;
  try {
    await run.block(parsed.body);
  } catch (signal) {
    if (!(signal instanceof ReturnSignal)) throw signal;
    returned = signal.value;
  }
  return { info: run.info, returned, variables: run.vars };
}

class Run {
  readonly vars = new Map<string, DelugeValue>();
  readonly info: string[] = [];
  readonly #options: RunOptions;
  #statements = 0;

  constructor(options: RunOptions) {
    this.#options = options;
  }

  async block(body: Block): Promise<void> {
    for (const statement of body) await this.#statement(statement);
  }

  async #statement(node: Statement): Promise<void> {
    this.#statements++;
    if (this.#statements > (this.#options.maxStatements ?? 200_000)) {
      throw new DelugeRuntimeError("Statement budget exceeded", node.line, node.column);
    }
    switch (node.kind) {
      case "assign": {
        const value = await this.#evaluate(node.value);
        if (node.operator === "=") this.vars.set(node.name, value);
        else {
          const current = this.#variable(node.name, node);
          const operator = node.operator.slice(0, 1);
          this.vars.set(node.name, arithmetic(operator, current, value, node));
        }
        return;
      }
      case "expression":
        await this.#evaluate(node.expression);
        return;
      case "info":
        this.info.push(toText(await this.#evaluate(node.value)));
        return;
      case "return":
        throw new ReturnSignal(node.value ? await this.#evaluate(node.value) : null);
      case "break":
      case "continue":
        throw new JumpSignal(node.kind);
      case "if": {
        for (const branch of node.branches) {
          if (isTrue(await this.#evaluate(branch.condition))) return this.block(branch.body);
        }
        if (node.otherwise) await this.block(node.otherwise);
        return;
      }
      case "forEach": {
        const iterable = await this.#evaluate(node.iterable);
        if (!(iterable instanceof DelugeList)) {
          const found = typeName(iterable);
          throw new DelugeRuntimeError(
            `for each needs a LIST, got ${found}`,
            node.line,
            node.column,
          );
        }
        const items = [...iterable.items];
        for (let i = 0; i < items.length; i++) {
          this.vars.set(node.variable, node.byIndex ? i : (items[i] ?? null));
          try {
            await this.block(node.body);
          } catch (signal) {
            if (!(signal instanceof JumpSignal)) throw signal;
            if (signal.kind === "break") break;
          }
        }
        return;
      }
      case "try":
        try {
          await this.block(node.body);
        } catch (error) {
          if (!(error instanceof DelugeRuntimeError)) throw error;
          this.vars.set(node.errorVariable, error.message);
          await this.block(node.handler);
        }
        return;
    }
  }

  #variable(name: string, at: { line: number; column: number }): DelugeValue {
    if (!this.vars.has(name)) {
      throw new DelugeRuntimeError(`Variable ${name} is not defined`, at.line, at.column);
    }
    return this.vars.get(name) ?? null;
  }

  async #evaluate(node: Expression): Promise<DelugeValue> {
    switch (node.kind) {
      case "literal":
        if (node.type === "number") return Number(node.value);
        if (node.type === "boolean") return node.value === "true";
        if (node.type === "null") return null;
        // A date literal in Zoho's default form is a DATE / DATE-TIME; other text stays TEXT.
        if (node.type === "date") return parseDateLiteral(node.value) ?? node.value;
        return node.value;
      case "identifier":
        return this.#variable(node.name, node);
      case "unary": {
        const operand = await this.#evaluate(node.operand);
        if (node.operator === "!") return !isTrue(operand);
        return arithmetic("-", 0, operand, node);
      }
      case "binary":
        return this.#binary(node);
      case "map": {
        const map = new DelugeMap();
        for (const entry of node.entries) {
          map.entries.set(
            toText(await this.#evaluate(entry.key)),
            await this.#evaluate(entry.value),
          );
        }
        return map;
      }
      case "list": {
        const items: DelugeValue[] = [];
        for (const element of node.elements) items.push(await this.#evaluate(element));
        return new DelugeList(items);
      }
      case "member":
        throw new DelugeRuntimeError(
          `${dottedPath(node) ?? node.name} is not a value`,
          node.line,
          node.column,
        );
      case "call":
        return this.#call(node);
      case "invokeurl": {
        const keys = new Map<string, DelugeValue>();
        for (const param of node.params) {
          const constant = param.value.kind === "identifier" && constantKeys.has(param.key);
          const value = constant
            ? (param.value as { name: string }).name
            : await this.#evaluate(param.value);
          keys.set(param.key.toLowerCase(), value);
        }
        try {
          return await sendInvokeUrl(keys, this.#options);
        } catch (cause) {
          const message = cause instanceof Error ? cause.message : String(cause);
          throw new DelugeRuntimeError(message, node.line, node.column, { cause });
        }
      }
    }
  }

  async #binary(node: Extract<Expression, { kind: "binary" }>): Promise<DelugeValue> {
    const left = await this.#evaluate(node.left);
    if (node.operator === "&&") return isTrue(left) && isTrue(await this.#evaluate(node.right));
    if (node.operator === "||") return isTrue(left) || isTrue(await this.#evaluate(node.right));
    const right = await this.#evaluate(node.right);
    switch (node.operator) {
      case "==":
        return looselyEqual(left, right);
      case "!=":
        return !looselyEqual(left, right);
      case "<":
        return Number(toText(left)) < Number(toText(right));
      case ">":
        return Number(toText(left)) > Number(toText(right));
      case "<=":
        return Number(toText(left)) <= Number(toText(right));
      case ">=":
        return Number(toText(left)) >= Number(toText(right));
      default:
        return arithmetic(node.operator, left, right, node);
    }
  }

  async #call(node: Extract<Expression, { kind: "call" }>): Promise<DelugeValue> {
    const args: DelugeValue[] = [];
    for (const arg of node.args) args.push(await this.#evaluate(arg));
    try {
      if (node.target === null) {
        const result = callFunction(node.name, args);
        if (result === undefined) throw new BuiltinError(`Unknown function ${node.name}()`);
        return result;
      }
      const path = dottedPath(node.target);
      if (path !== undefined && !this.vars.has(path.split(".")[0] ?? "")) {
        const result = callTask(`${path}.${node.name}`, args);
        if (result === undefined) {
          throw new BuiltinError(`Unknown or unsupported task ${path}.${node.name}()`);
        }
        return result;
      }
      return callMethod(await this.#evaluate(node.target), node.name, args);
    } catch (error) {
      if (!(error instanceof BuiltinError || error instanceof InvokeUrlError)) throw error;
      throw new DelugeRuntimeError(error.message, node.line, node.column, { cause: error });
    }
  }
}

// Keys whose bare-word values are constants (`type: GET`), not variables.
const constantKeys = new Set(["type", "response-format"]);

/** `zoho.encryption` for a chain of identifiers and members; undefined for anything else. */
function dottedPath(node: Expression): string | undefined {
  if (node.kind === "identifier") return node.name;
  if (node.kind !== "member") return undefined;
  const head = dottedPath(node.target);
  return head === undefined ? undefined : `${head}.${node.name}`;
}

function arithmetic(
  operator: string,
  left: DelugeValue,
  right: DelugeValue,
  at: { line: number; column: number },
): DelugeValue {
  // `+` joins text when either side is text: "5" + 3 is "53".
  if (operator === "+" && (typeof left === "string" || typeof right === "string")) {
    return toText(left) + toText(right);
  }
  if (typeof left !== "number" || typeof right !== "number") {
    const types = `${typeName(left)} ${operator} ${typeName(right)}`;
    throw new DelugeRuntimeError(`Cannot compute ${types}`, at.line, at.column);
  }
  switch (operator) {
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return left / right;
    default:
      return left % right;
  }
}

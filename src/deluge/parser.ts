/**
 * A recursive-descent parser for the Deluge that CRM functions use (`shared/deluge-facts.md`
 * s.1 and s.3): statements ending in `;`, `if / else if / else`, `for each [index] x in list`,
 * `try / catch`, `return`, `break`, `continue`, `info`, assignments (`=`, `+=`, ...), calls and
 * member calls, map and list literals (`{}` is a map when its first element is `key: value`),
 * `List:String()` constructors, the `invokeurl [ key: value ... ]` task with no separators
 * between its keys, and an optional function header (`string standalone.fn(string id) {...}`).
 *
 * Precedence, loosest first: `||`, `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, unary `! -`,
 * then calls and `.` members. Errors are `DelugeSyntaxError` with the offending token's place.
 *
 * Limitations: no `[index]` subscripts (Deluge reads elements with `.get(i)`); keywords are
 * matched case-insensitively only for `invokeurl`; date-time literals are kept as text.
 */
import type {
  Block,
  DelugeScript,
  Expression,
  FunctionHeader,
  InvokeUrlParam,
  NodePosition,
  Statement,
} from "./ast.ts";
import { DelugeSyntaxError, type DelugeToken, tokenizeDeluge } from "./lexer.ts";

const assignmentOperators = new Set(["=", "+=", "-=", "*=", "/=", "%="]);
// Binary operators by precedence level, loosest first.
const binaryLevels: readonly (readonly string[])[] = [
  ["||"],
  ["&&"],
  ["==", "!="],
  ["<", ">", "<=", ">="],
  ["+", "-"],
  ["*", "/", "%"],
];

/** Parses Deluge source into a script. Throws `DelugeSyntaxError` at the first error. */
export function parseDeluge(source: string): DelugeScript {
  return new Parser(tokenizeDeluge(source), source).script();
}

class Parser {
  readonly #tokens: readonly DelugeToken[];
  readonly #end: NodePosition;
  #index = 0;

  constructor(tokens: readonly DelugeToken[], source: string) {
    this.#tokens = tokens;
    const lines = source.split("\n");
    this.#end = { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
  }

  script(): DelugeScript {
    const header = this.#functionHeader();
    if (header) {
      const body = this.#block();
      if (this.#peek()) this.#fail(`Unexpected ${this.#describe(this.#peek())} after the body`);
      return { function: header, body };
    }
    const body: Statement[] = [];
    while (this.#peek()) body.push(this.#statement());
    return { function: null, body };
  }

  #functionHeader(): FunctionHeader | null {
    const first = this.#peek();
    const second = this.#peek(1);
    if (first?.kind !== "identifier" || second?.kind !== "identifier") return null;
    if (isKeyword(first.text)) return null;
    this.#index++;
    const names = [this.#identifier("a function name")];
    while (this.#accept(".")) names.push(this.#identifier("a function name"));
    this.#expect("(");
    const params: { type: string; name: string }[] = [];
    if (!this.#accept(")")) {
      do {
        const type = this.#identifier("a parameter type");
        params.push({ type, name: this.#identifier("a parameter name") });
      } while (this.#accept(","));
      this.#expect(")");
    }
    const name = names.pop() as string;
    return { ...at(first), returnType: first.text, category: names.join("."), name, params };
  }

  #block(): Block {
    this.#expect("{");
    const body: Statement[] = [];
    while (!this.#check("}")) {
      if (!this.#peek()) this.#fail("Missing } at the end of the block");
      body.push(this.#statement());
    }
    this.#index++;
    return body;
  }

  #statement(): Statement {
    const token = this.#peek() as DelugeToken;
    const word = token.kind === "identifier" ? token.text : "";
    switch (word) {
      case "if":
        return this.#ifStatement();
      case "for":
        return this.#forEach();
      case "try":
        return this.#tryStatement();
      case "return": {
        this.#index++;
        const value = this.#check(";") ? null : this.#expression();
        this.#expect(";");
        return { ...at(token), kind: "return", value };
      }
      case "info": {
        this.#index++;
        const value = this.#expression();
        this.#expect(";");
        return { ...at(token), kind: "info", value };
      }
      case "break":
      case "continue":
        this.#index++;
        this.#expect(";");
        return { ...at(token), kind: word };
    }
    const next = this.#peek(1);
    if (token.kind === "identifier" && next?.kind === "operator") {
      if (assignmentOperators.has(next.text)) {
        this.#index += 2;
        const value = this.#expression();
        this.#expect(";");
        return { ...at(token), kind: "assign", name: token.text, operator: next.text, value };
      }
    }
    const expression = this.#expression();
    this.#expect(";");
    return { ...at(token), kind: "expression", expression };
  }

  #ifStatement(): Statement {
    const start = this.#next();
    const branches = [{ condition: this.#parenthesized(), body: this.#block() }];
    let otherwise: Block | null = null;
    while (this.#checkWord("else")) {
      this.#index++;
      if (this.#checkWord("if")) {
        this.#index++;
        branches.push({ condition: this.#parenthesized(), body: this.#block() });
      } else {
        otherwise = this.#block();
        break;
      }
    }
    return { ...at(start), kind: "if", branches, otherwise };
  }

  #forEach(): Statement {
    const start = this.#next();
    if (!this.#checkWord("each")) this.#fail("Expected each after for");
    this.#index++;
    let byIndex = false;
    if (this.#checkWord("index") && this.#peek(1)?.kind === "identifier") {
      byIndex = !(this.#peek(1)?.text === "in");
      if (byIndex) this.#index++;
    }
    const variable = this.#identifier("a loop variable");
    if (!this.#checkWord("in")) this.#fail("Expected in after the loop variable");
    this.#index++;
    const iterable = this.#expression();
    return { ...at(start), kind: "forEach", variable, byIndex, iterable, body: this.#block() };
  }

  #tryStatement(): Statement {
    const start = this.#next();
    const body = this.#block();
    if (!this.#checkWord("catch")) this.#fail("Expected catch after the try block");
    this.#index++;
    this.#expect("(");
    const errorVariable = this.#identifier("an exception variable");
    this.#expect(")");
    return { ...at(start), kind: "try", body, errorVariable, handler: this.#block() };
  }

  #parenthesized(): Expression {
    this.#expect("(");
    const expression = this.#expression();
    this.#expect(")");
    return expression;
  }

  #expression(level = 0): Expression {
    const operators = binaryLevels[level];
    if (!operators) return this.#unary();
    let left = this.#expression(level + 1);
    for (;;) {
      const token = this.#peek();
      if (token?.kind !== "operator" || !operators.includes(token.text)) return left;
      this.#index++;
      const right = this.#expression(level + 1);
      left = { ...position(left), kind: "binary", operator: token.text, left, right };
    }
  }

  #unary(): Expression {
    const token = this.#peek();
    if (token?.kind === "operator" && (token.text === "!" || token.text === "-")) {
      this.#index++;
      return { ...at(token), kind: "unary", operator: token.text, operand: this.#unary() };
    }
    return this.#postfix(this.#primary());
  }

  #postfix(start: Expression): Expression {
    let expression = start;
    while (this.#accept(".")) {
      const name = this.#peek() as DelugeToken;
      const member = this.#identifier("a member name after .");
      if (this.#check("(")) {
        const args = this.#arguments();
        expression = {
          ...at(name),
          kind: "call",
          target: expression,
          name: member,
          typeArgument: "",
          args,
        };
      } else {
        expression = { ...position(expression), kind: "member", target: expression, name: member };
      }
    }
    return expression;
  }

  #arguments(): Expression[] {
    this.#expect("(");
    const args: Expression[] = [];
    if (this.#accept(")")) return args;
    do args.push(this.#expression());
    while (this.#accept(","));
    this.#expect(")");
    return args;
  }

  #primary(): Expression {
    const token = this.#peek();
    if (!token) return this.#fail("Unexpected end of the script: expected a value");
    this.#index++;
    switch (token.kind) {
      case "string":
        return { ...at(token), kind: "literal", type: "text", value: token.value };
      case "date":
        return { ...at(token), kind: "literal", type: "date", value: token.value };
      case "number":
        return { ...at(token), kind: "literal", type: "number", value: token.text };
      case "identifier":
        return this.#word(token);
    }
    if (token.text === "(") {
      const inner = this.#expression();
      this.#expect(")");
      return inner;
    }
    if (token.text === "{") return this.#collection(token, "}");
    if (token.text === "[") return this.#collection(token, "]");
    this.#index--;
    return this.#fail(`Unexpected ${this.#describe(token)}: expected a value`);
  }

  #word(token: DelugeToken): Expression {
    const lower = token.text.toLowerCase();
    if (lower === "true" || lower === "false") {
      return { ...at(token), kind: "literal", type: "boolean", value: lower };
    }
    if (lower === "null") return { ...at(token), kind: "literal", type: "null", value: "null" };
    if (lower === "invokeurl" && this.#check("[")) return this.#invokeUrl(token);
    let typeArgument = "";
    if (this.#check(":") && this.#peek(1)?.kind === "identifier" && this.#peek(2)?.text === "(") {
      this.#index++;
      typeArgument = this.#identifier("a list element type");
    }
    if (this.#check("(")) {
      const args = this.#arguments();
      return { ...at(token), kind: "call", target: null, name: token.text, typeArgument, args };
    }
    return { ...at(token), kind: "identifier", name: token.text };
  }

  #collection(open: DelugeToken, close: string): Expression {
    // `{}` is an empty map (the usual intent); `[]` an empty list.
    if (this.#accept(close)) {
      return close === "}"
        ? { ...at(open), kind: "map", entries: [] }
        : { ...at(open), kind: "list", bracket: "[", elements: [] };
    }
    const first = this.#expression();
    if (this.#accept(":")) {
      const entries = [{ key: first, value: this.#expression() }];
      while (this.#accept(",")) {
        const key = this.#expression();
        this.#expect(":");
        entries.push({ key, value: this.#expression() });
      }
      this.#expect(close);
      return { ...at(open), kind: "map", entries };
    }
    const elements = [first];
    while (this.#accept(",")) elements.push(this.#expression());
    this.#expect(close);
    return { ...at(open), kind: "list", bracket: close === "]" ? "[" : "{", elements };
  }

  #invokeUrl(start: DelugeToken): Expression {
    this.#expect("[");
    const params: InvokeUrlParam[] = [];
    while (!this.#accept("]")) {
      const key = this.#peek();
      if (key?.kind === "identifier" && this.#peek(1)?.text !== ":") {
        this.#index++;
        this.#fail(
          `Expected : after the invokeurl key ${key.text}, found ${this.#describe(this.#peek())}`,
        );
      }
      if (key?.kind !== "identifier") {
        this.#fail(`Expected an invokeurl key (such as url:) or ], found ${this.#describe(key)}`);
      }
      this.#index += 2;
      params.push({
        ...at(key as DelugeToken),
        key: (key as DelugeToken).text,
        value: this.#expression(),
      });
    }
    return { ...at(start), kind: "invokeurl", params };
  }

  #peek(ahead = 0): DelugeToken | undefined {
    return this.#tokens[this.#index + ahead];
  }

  #next(): DelugeToken {
    const token = this.#peek() as DelugeToken;
    this.#index++;
    return token;
  }

  #check(text: string): boolean {
    const token = this.#peek();
    return token !== undefined && token.kind === "punctuation" && token.text === text;
  }

  #checkWord(word: string): boolean {
    const token = this.#peek();
    return token?.kind === "identifier" && token.text === word;
  }

  #accept(text: string): boolean {
    if (!this.#check(text)) return false;
    this.#index++;
    return true;
  }

  #expect(text: string): void {
    if (!this.#accept(text)) {
      this.#fail(`Expected ${text}, found ${this.#describe(this.#peek())}`);
    }
  }

  #identifier(what: string): string {
    const token = this.#peek();
    if (token?.kind !== "identifier")
      this.#fail(`Expected ${what}, found ${this.#describe(token)}`);
    this.#index++;
    return (token as DelugeToken).text;
  }

  #describe(token: DelugeToken | undefined): string {
    if (!token) return "the end of the script";
    return token.kind === "string" ? "text" : JSON.stringify(token.text);
  }

  #fail(reason: string): never {
    const token = this.#peek();
    const place = token ?? this.#end;
    throw new DelugeSyntaxError(reason, place.line, place.column);
  }
}

const keywords = new Set(["if", "else", "for", "return", "info", "try", "break", "continue"]);

function isKeyword(word: string): boolean {
  return keywords.has(word);
}

function at(token: DelugeToken): NodePosition {
  return { line: token.line, column: token.column };
}

function position(node: NodePosition): NodePosition {
  return { line: node.line, column: node.column };
}

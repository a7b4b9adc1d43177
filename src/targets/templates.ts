/**
 * Loads and renders the Handlebars templates of one target from `templates/<target>/*.hbs`.
 * Each target gets its own Handlebars environment with its own helpers, so an escaping helper
 * of one target (say, Deluge strings) can never be picked up by another (say, Markdown).
 * Templates are compiled with `noEscape` (no HTML escaping: none of the outputs is HTML) and
 * `strict` (a misspelt field throws instead of rendering nothing).
 */
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import { InvokekitError } from "../errors.ts";

/** A helper: takes the template's arguments (never the Handlebars options) and returns text. */
// biome-ignore lint/suspicious/noExplicitAny: helpers take whatever values the template passes.
export type TemplateHelper = (...args: any[]) => string;

/** The compiled templates of one target. */
export interface TemplateSet {
  /** Renders `templates/<target>/<name>.hbs` with `view`. */
  render(name: string, view: object): string;
}

/** A template is missing or failed to render. */
export class TemplateError extends InvokekitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("IK_TARGET_TEMPLATE", message, options);
  }
}

const templatesRoot = new URL("../../templates/", import.meta.url);

/** Creates the template set of `target` with `helpers` as its only helpers. */
export function loadTemplates(
  target: string,
  helpers: Readonly<Record<string, TemplateHelper>>,
): TemplateSet {
  const environment = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) {
    // Handlebars appends its options object to every call; helpers never see it.
    environment.registerHelper(name, (...args: unknown[]) => helper(...args.slice(0, -1)));
  }

  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const compile = (name: string): Handlebars.TemplateDelegate => {
    const cached = compiled.get(name);
    if (cached) return cached;
    const url = new URL(`${target}/${name}.hbs`, templatesRoot);
    let source: string;
    try {
      source = readFileSync(url, "utf8");
    } catch (cause) {
      throw new TemplateError(`Cannot read template ${url.pathname}`, { cause });
    }
    const template = environment.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
    return template;
  };

  return {
    render(name, view) {
      try {
        return compile(name)(view);
      } catch (cause) {
        if (cause instanceof TemplateError) throw cause;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new TemplateError(`Template ${target}/${name}.hbs failed: ${reason}`, { cause });
      }
    },
  };
}

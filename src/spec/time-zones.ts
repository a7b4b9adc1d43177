/**
 * Time zones in specs (case C17): a `date`/`datetime` parameter's `tz` and a body schema's
 * `x-tz` name the IANA zone a JavaScript `Date` is written in. A schema can say that the value
 * is a name-shaped string; only the JavaScript engine knows which zones exist, so that is
 * checked here, when the spec is validated, and not on the first call that needs it.
 *
 * Messages say what is wrong and what to write; no "did you mean", because zone names that
 * are close in spelling (`Asia/Kolkata`, `Asia/Kabul`) are far apart on the map.
 */
import type { Diagnostic } from "./diagnostics.ts";
import { type Pointer, pointerSegment, type YamlSource } from "./yaml-source.ts";

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

/** Whether this Node's Intl knows `name` as a time zone (`UTC`, `Asia/Kolkata`, ...). */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const DATE_TYPES = new Set(["date", "datetime"]);
// The shape the schema asks for (schemas.ts `timeZone`); other text is reported there already.
const NAME_SHAPED = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const DATE_FORMATS = new Set(["date", "date-time"]);

/** Checks every `tz` of an endpoint's parameters and every `x-tz` of its body schema. */
export function checkTimeZones(source: YamlSource, endpoint: unknown): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (pointer: Pointer, message: string): void => {
    const position = source.valuePositions.get(pointer) ?? { line: 1, column: 1 };
    diagnostics.push({
      severity: "error",
      code: "IK_SPEC_TIME_ZONE",
      message,
      file: source.file,
      ...position,
    });
  };

  for (const [name, value] of Object.entries(fields(fields(endpoint).parameters))) {
    const parameter = fields(value);
    if (typeof parameter.tz !== "string") continue;
    const pointer = `/parameters/${pointerSegment(name)}/tz`;
    if (typeof parameter.type === "string" && !DATE_TYPES.has(parameter.type)) {
      report(
        pointer,
        `parameters.${name} has tz, but only date and datetime parameters take a time zone; ` +
          "remove tz or change the type",
      );
    } else if (NAME_SHAPED.test(parameter.tz) && !isKnownTimeZone(parameter.tz)) {
      report(pointer, zoneMessage(`parameters.${name}.tz`, parameter.tz));
    }
  }

  const schema = fields(fields(endpoint).body).json;
  walkSchema(fields(schema).schema, "/body/json/schema", "body.json.schema", report);
  return diagnostics;
}

function zoneMessage(where: string, zone: string): string {
  return (
    `${where} "${zone}" is not a time zone known to the Intl API; write an IANA name ` +
    "such as America/New_York, Asia/Kolkata or UTC"
  );
}

/** Visits a body schema and its nested schemas (properties, items, additionalProperties). */
function walkSchema(
  value: unknown,
  pointer: Pointer,
  label: string,
  report: (pointer: Pointer, message: string) => void,
): void {
  const schema = fields(value);
  const zone = schema["x-tz"];
  if (typeof zone === "string") {
    if (typeof schema.format !== "string" || !DATE_FORMATS.has(schema.format)) {
      report(
        `${pointer}/x-tz`,
        `${label} has x-tz, but only a string with format: date or format: date-time takes ` +
          "a time zone; add the format or remove x-tz",
      );
    } else if (NAME_SHAPED.test(zone) && !isKnownTimeZone(zone)) {
      report(`${pointer}/x-tz`, zoneMessage(`${label}.x-tz`, zone));
    }
  }
  for (const [name, child] of Object.entries(fields(schema.properties))) {
    const segment = pointerSegment(name);
    walkSchema(child, `${pointer}/properties/${segment}`, `${label}.properties.${name}`, report);
  }
  if (schema.items !== undefined) {
    walkSchema(schema.items, `${pointer}/items`, `${label}.items`, report);
  }
  if (typeof schema.additionalProperties === "object") {
    const extra = `${pointer}/additionalProperties`;
    walkSchema(schema.additionalProperties, extra, `${label}.additionalProperties`, report);
  }
}

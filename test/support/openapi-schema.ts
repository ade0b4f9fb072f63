/**
 * Checks real answers against the API's own OpenAPI document (3.0), for the part of the schema
 * language the document uses: $ref, allOf, oneOf, nullable, type, enum, format (date, date-time,
 * uuid, binary), properties, required and additionalProperties. An object's properties that the
 * schema does not declare count as problems too, unless it allows additional properties: a
 * response that carries more than its schema says is a schema that lies.
 */
export type Schema = Record<string, unknown>;

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export class ResponseSchemas {
  constructor(private readonly document: OpenApiDocument) {}

  /** The schema the document declares for one answer of a route, by exact status or its range (4XX). */
  responseSchema(method: string, template: string, status: number, contentType = 'application/json'): Schema {
    const operation = this.document.paths[template]?.[method.toLowerCase()];
    if (!operation) throw new Error(`The document has no ${method.toUpperCase()} ${template}.`);
    const responses = operation.responses ?? {};
    const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
    const schema = response?.content?.[contentType]?.schema;
    if (!schema) throw new Error(`${method.toUpperCase()} ${template} declares no ${contentType} body for ${status}.`);
    return schema;
  }

  /** Every way `value` departs from `schema`, each named by its JSON path; empty when it fits. */
  problems(schema: Schema, value: unknown, at = '$'): string[] {
    const resolved = this.resolve(schema);
    if (value === null) return resolved.nullable === true ? [] : [`${at}: null, but the schema does not allow null`];
    const problems: string[] = [];
    if (Array.isArray(resolved.allOf)) {
      for (const part of resolved.allOf as Schema[]) problems.push(...this.problems({ ...this.resolve(part), nullable: resolved.nullable }, value, at));
    }
    if (Array.isArray(resolved.oneOf)) {
      const fits = (resolved.oneOf as Schema[]).filter((option) => this.problems(option, value, at).length === 0).length;
      if (fits !== 1) problems.push(`${at}: fits ${fits} of the ${(resolved.oneOf as Schema[]).length} schemas of oneOf, not exactly one`);
    }
    if (Array.isArray(resolved.enum) && !(resolved.enum as unknown[]).includes(value)) {
      problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(resolved.enum)}`);
    }
    const type = resolved.type as string | undefined;
    if (type === undefined) return problems;
    const kind = kindOf(value);
    const fitsType = type === kind || (type === 'number' && kind === 'integer');
    if (!fitsType) return [...problems, `${at}: ${kind}, but the schema says ${type}`];
    if (type === 'string') problems.push(...this.formatProblems(resolved.format as string | undefined, value as string, at));
    if (type === 'array' && resolved.items) {
      (value as unknown[]).forEach((item, index) => problems.push(...this.problems(resolved.items as Schema, item, `${at}[${index}]`)));
    }
    if (type === 'object') problems.push(...this.objectProblems(resolved, value as Record<string, unknown>, at));
    return problems;
  }

  /** Throws with every problem listed unless `value` fits the answer the document declares. */
  assertFits(method: string, template: string, response: { status: number; body: unknown }): void {
    const problems = this.problems(this.responseSchema(method, template, response.status), response.body);
    if (problems.length > 0) {
      throw new Error(`${method.toUpperCase()} ${template} answered ${response.status} with a body its schema does not describe:\n  ${problems.join('\n  ')}`);
    }
  }

  private objectProblems(schema: Schema, value: Record<string, unknown>, at: string): string[] {
    const problems: string[] = [];
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in value) || value[name] === undefined) problems.push(`${at}.${name}: required, but missing`);
    }
    const additional = schema.additionalProperties;
    const declaresNothing = schema.properties === undefined && schema.allOf === undefined;
    for (const [name, item] of Object.entries(value)) {
      const path = `${at}.${name}`;
      if (name in properties) problems.push(...this.problems(properties[name]!, item, path));
      else if (typeof additional === 'object' && additional !== null) problems.push(...this.problems(additional as Schema, item, path));
      else if (additional !== true && !declaresNothing && schema.allOf === undefined) problems.push(`${path}: answered, but not in the schema`);
    }
    return problems;
  }

  private formatProblems(format: string | undefined, value: string, at: string): string[] {
    if (format === 'date' && !DATE.test(value)) return [`${at}: ${JSON.stringify(value)} is not a date YYYY-MM-DD`];
    if (format === 'date-time' && !(DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) return [`${at}: ${JSON.stringify(value)} is not an ISO date-time`];
    if (format === 'uuid' && !UUID.test(value)) return [`${at}: ${JSON.stringify(value)} is not a UUID`];
    return [];
  }

  private resolve(schema: Schema): Schema {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const name = ref.replace('#/components/schemas/', '');
    const target = this.document.components?.schemas?.[name];
    if (!target) throw new Error(`The document refers to ${ref}, which it does not define.`);
    return this.resolve(target);
  }
}

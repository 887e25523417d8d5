/**
 * A request refused by a route's JSON Schema (Fastify's Ajv), turned into the use cases' validation
 * error with one problem per field (`reminder.to`, `to.0`), so that every face words it in its own
 * envelope like any other validation error: the console's `fields`, Routee's `properties`, Octopush's
 * code. Other errors are left alone (undefined).
 */
import { type ServiceError, validationError } from '../../services/errors.js';

interface AjvProblem {
  instancePath: string;
  keyword: string;
  message?: string;
  params: { missingProperty?: string; additionalProperty?: string };
}

export function schemaProblems(err: unknown): Record<string, string> | undefined {
  const problems = (err as { validation?: AjvProblem[] } | null)?.validation;
  if (!Array.isArray(problems)) return undefined;
  const fields: Record<string, string> = {};
  for (const p of problems) {
    const base = p.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const child = p.params.missingProperty ?? p.params.additionalProperty;
    const key = [base, child].filter(Boolean).join('.') || 'request';
    const message =
      p.keyword === 'required'
        ? 'is required'
        : p.keyword === 'additionalProperties'
          ? 'is not a field of this request'
          : (p.message ?? 'is not valid');
    fields[key] ??= message;
  }
  return fields;
}

/** The validation error a schema's refusal means, or undefined when `err` is not one. */
export function schemaValidationError(err: unknown): ServiceError | undefined {
  const fields = schemaProblems(err);
  return fields ? validationError(fields) : undefined;
}

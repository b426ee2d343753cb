import type { z } from "zod";
import { ApiFailure, type Issue } from "../api/errors.js";

/**
 * Where `input` holds text with a lone UTF-16 surrogate (JSON may escape one as `\ud800`): such text
 * has no UTF-8 form, so the database refuses it — after the request was accepted, as a 500.
 */
export function illFormedTextPath(input: unknown, path: string[] = []): string | undefined {
  if (typeof input === "string") return input.isWellFormed() ? undefined : path.join(".");
  if (typeof input !== "object" || input === null) return undefined;
  for (const [key, value] of Object.entries(input)) {
    const found = key.isWellFormed()
      ? illFormedTextPath(value, [...path, key])
      : [...path, "(a key)"].join(".");
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Zod's issues as the API tells them: the field's dotted path and the reason. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

function parseInput<T extends z.ZodType>(what: string, schema: T, input: unknown): z.infer<T> {
  const illFormed = illFormedTextPath(input);
  if (illFormed !== undefined) {
    throw new ApiFailure("bad_request", `Invalid ${what}`, {
      issues: [
        { path: illFormed, message: "text with a lone surrogate (\\ud800–\\udfff), which is not Unicode" },
      ],
    });
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ApiFailure("bad_request", `Invalid ${what}`, { issues: issuesOf(parsed.error) });
}

/** A query string read with its schema; a refusal (400) names every field that does not fit. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  return parseInput("query", schema, query);
}

/** A JSON body read with its schema; a refusal (400) names every field that does not fit. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  return parseInput("body", schema, body);
}

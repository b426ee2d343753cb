import type { FastifyReply } from "fastify";
import type { z } from "zod";

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

function parseInput<T extends z.ZodType>(
  what: string,
  schema: T,
  input: unknown,
  reply: FastifyReply,
): z.infer<T> | undefined {
  const illFormed = illFormedTextPath(input);
  if (illFormed !== undefined) {
    reply.status(400).send({
      error: `Invalid ${what}`,
      issues: [
        { path: illFormed, message: "text with a lone surrogate (\\ud800–\\udfff), which is not Unicode" },
      ],
    });
    return undefined;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  reply.status(400).send({
    error: `Invalid ${what}`,
    issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
  return undefined;
}

/** Parses a query string with a zod schema, answering 400 with the reasons when it does not fit. */
export function parseQuery<T extends z.ZodType>(
  schema: T,
  query: unknown,
  reply: FastifyReply,
): z.infer<T> | undefined {
  return parseInput("query", schema, query, reply);
}

/** Parses a JSON body with a zod schema, answering 400 with the reasons when it does not fit. */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  reply: FastifyReply,
): z.infer<T> | undefined {
  return parseInput("body", schema, body, reply);
}

import type { FastifyReply } from "fastify";
import type { z } from "zod";

function parseInput<T extends z.ZodType>(
  what: string,
  schema: T,
  input: unknown,
  reply: FastifyReply,
): z.infer<T> | undefined {
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

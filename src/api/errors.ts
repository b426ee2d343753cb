import { z } from "zod";

/** Every refusal and failure the API answers is one of these, whatever the route. */
const ERROR_CODES = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "unprocessable",
  "rate_limited",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one place a code becomes an HTTP status. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The code of a status Fastify or a plugin chose (a 4xx it has no name for is a bad request). */
export function errorCodeOf(status: number): ErrorCode {
  const found = ERROR_CODES.find((code) => ERROR_STATUS[code] === status);
  return found ?? (status >= 500 ? "internal" : "bad_request");
}

const issueSchema = z.object({
  path: z.string().describe("The field, dot-separated (`end_date`, `data.object.amount_total`)"),
  message: z.string().describe("Why the value was refused"),
});
export type Issue = z.infer<typeof issueSchema>;

const inputProblemSchema = z.object({
  row: z
    .number()
    .int()
    .optional()
    .describe("1-based data row (the header is row 0); absent for whole-file problems"),
  alsoInRows: z.number().int().optional().describe("Further rows with the same problem and value"),
  column: z.string().optional(),
  value: z.string().optional(),
  expected: z.string().describe("What the row should have held"),
});
export type InputProblem = z.infer<typeof inputProblemSchema>;

const errorDetailsSchema = z.object({
  issues: z.array(issueSchema).optional().describe("Fields refused, each with the reason"),
  file: z.string().optional().describe("The refused file, for an import"),
  problems: z.array(inputProblemSchema).optional().describe("A refused file's problems, ten at a time"),
  total_problems: z.number().int().optional().describe("How many problems the refused file has in all"),
});
export type ErrorDetails = z.infer<typeof errorDetailsSchema>;

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe("What kind of refusal or failure; decides the HTTP status"),
      message: z.string().describe("A sentence for people, never internals"),
      details: errorDetailsSchema.optional(),
    }),
  })
  .describe("Every refusal and failure");
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A refusal a route throws; the server's error handler answers it with its status and shape. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }
}

/** A refusal of one field, shaped as a refused body is, so the dashboard shows both alike. */
export function invalidField(path: string, message: string, code: ErrorCode = "bad_request"): ApiFailure {
  return new ApiFailure(code, "Invalid body", { issues: [{ path, message }] });
}

/** The body of a refusal, as the error handler and the hooks that answer early send it. */
export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

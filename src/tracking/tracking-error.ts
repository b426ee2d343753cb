/** Bad input to a tracking operation, with a message meant for the user; `statusCode` is what HTTP answers. */
export class TrackingInputError extends Error {
  override name = "TrackingInputError";
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

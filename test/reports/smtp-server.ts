import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

interface Received {
  to: string[];
  raw: string;
}

/** An SMTP server inside the test process; `failures` first messages are refused with a 451. */
export async function smtpServer(failures = 0) {
  const received: Received[] = [];
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refused < failures) {
          refused++;
          const error = Object.assign(new Error("mailbox busy, try later"), { responseCode: 451 });
          return callback(error);
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  /** Resolves once `count` messages have arrived, or rejects after `timeoutMs`. */
  async function receivedAtLeast(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`${received.length} of ${count} e-mails arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return received;
  }
  return {
    received,
    port,
    receivedAtLeast,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

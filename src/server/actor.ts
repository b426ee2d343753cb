import type { FastifyInstance } from "fastify";
import { type Actor, actingAs } from "../audit/actor.js";
import type { Caller } from "./access.js";

function actorOf(caller: Caller): Actor {
  if (caller.kind === "session") return { kind: "user", email: caller.user.email };
  const { label, token_id } = caller.token;
  return { kind: "token", label: label === null ? token_id : `${label} (${token_id})` };
}

/**
 * Whoever the access decision identified is the actor of everything the handler changes. Set
 * before the handler, once the body is read: a body arrives in events of the socket's own, which
 * would not carry the scope. The handler runs within this hook's `done`, and so within the scope.
 */
export function actAsCaller(app: FastifyInstance): void {
  app.addHook("preHandler", (request, _reply, done) => {
    if (request.caller === undefined) done();
    else actingAs(actorOf(request.caller), done);
  });
}

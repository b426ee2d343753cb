import { AsyncLocalStorage } from "node:async_hooks";

/** Who a change is made for, as the door that received it knows them. */
export type Actor =
  | { kind: "user"; email: string }
  | { kind: "token"; label: string }
  | { kind: "cli" }
  | { kind: "local" };

/**
 * The actor travels with the work, not in every operation's arguments: each door says once who
 * acts (the server when it has decided a request's access, the command line when it opens the
 * store), and every operation the work calls, however deep, records changes in their name. Work
 * no door started (the server's scheduled reports, the demo) is this machine's own: "local".
 */
const scope = new AsyncLocalStorage<Actor>();

export function actingAs<T>(actor: Actor, work: () => T): T {
  return scope.run(actor, work);
}

export function currentActor(): Actor {
  return scope.getStore() ?? { kind: "local" };
}

import assert from "node:assert/strict";
import { chooseWorkspace, defaultMembership } from "../../src/auth/chosen-workspace.js";
import { addMember, workspacesOf } from "../../src/auth/memberships.js";
import { createUser } from "../../src/auth/users.js";
import { createWorkspace } from "../../src/store/workspaces.js";
import { forEachBackend } from "./backends.js";

/** Issue 18: the workspace a user switched to is kept by the server, on every backend (migration 13). */
forEachBackend("the workspace a user chose last is their default while they belong to it", async (store) => {
  const settings = { currency: "EUR", timezone: "UTC", locale: "en" } as const;
  const first = await createWorkspace(store, { name: "First", ...settings });
  const second = await createWorkspace(store, { name: "Second", ...settings });
  await createUser(store, { email: "owner@chosen.example", password: "a long enough password" });
  const member = await createUser(store, { email: "ann@chosen.example", password: "a long enough password" });
  await addMember(store, first.id, member!.user_id, "viewer");
  await addMember(store, second.id, member!.user_id, "client");
  const chosen = async () =>
    (await defaultMembership(store, member!.user_id, await workspacesOf(store, member!.user_id)))?.id;

  assert.equal(await chosen(), first.id, "before any choice, the first");
  await chooseWorkspace(store, member!.user_id, second.id);
  assert.equal(await chosen(), second.id);
  // A choice the user can no longer make falls back to their first workspace.
  assert.equal(
    await defaultMembership(store, member!.user_id, [{ id: first.id, name: "First", role: "viewer" }]).then(
      (m) => m?.id,
    ),
    first.id,
  );
});

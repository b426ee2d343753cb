import { ApiFailure } from "../../api/errors.js";
import { memberInputSchema } from "../../api/members.js";
import {
  addMember,
  listMembers,
  type MembershipChange,
  type MembershipGrantor,
  removeMember,
  workspacesOf,
} from "../../auth/memberships.js";
import { findUserByEmail } from "../../auth/users.js";
import type { Store } from "../../store/store.js";
import { ACCESS, type Caller } from "../access.js";
import type { RoutePlugin } from "../app.js";
import { parseBody } from "../parse-input.js";

/** The change made, or the refusal the API answers for it. */
function applied(change: MembershipChange, who: string) {
  if (change.outcome === "not_member") throw new ApiFailure("not_found", `No member ${who}`);
  if (change.outcome === "owners_only")
    throw new ApiFailure("forbidden", "Only an owner of the workspace makes, changes or removes owners");
  if (change.outcome === "last_owner")
    throw new ApiFailure(
      "conflict",
      `${change.member.email} is the workspace's last owner: make someone else owner first`,
    );
  return change;
}

/** An owner of the workspace (the instance's owner is one of each), or another manager: an admin, a token. */
async function grantorOf(
  store: Store,
  caller: Caller | undefined,
  workspaceId: string,
): Promise<MembershipGrantor> {
  if (caller?.kind !== "session") return "manager";
  const memberships = await workspacesOf(store, caller.user.user_id);
  return memberships.find((membership) => membership.id === workspaceId)?.role === "owner"
    ? "owner"
    : "manager";
}

/** Who belongs to the request's workspace, with which role: managers add, change and remove them. */
export const manageMemberRoutes: RoutePlugin = async (app, { store }) => {
  app.get("/api/members", ACCESS.manage, async ({ workspace }) => ({
    members: await listMembers(store, workspace.id),
  }));

  app.put("/api/members", ACCESS.manage, async ({ body, workspace, caller }) => {
    const { email, role } = parseBody(memberInputSchema, body);
    const user = await findUserByEmail(store, email);
    if (!user) throw new ApiFailure("not_found", `No user has the e-mail address ${email}`);
    const grantor = await grantorOf(store, caller, workspace.id);
    const { after } = applied(await addMember(store, workspace.id, user.user_id, role, grantor), email);
    if (!after) throw new Error(`the membership of ${email} was not stored`);
    return after;
  });

  app.delete<{ Params: { id: string } }>(
    "/api/members/:id",
    ACCESS.manage,
    async ({ params, workspace, caller }) => {
      const grantor = await grantorOf(store, caller, workspace.id);
      applied(await removeMember(store, workspace.id, params.id, grantor), params.id);
      return { removed: params.id };
    },
  );
};

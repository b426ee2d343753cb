/** Short-link domains on every backend: one workspace per domain, the first added named by short URLs. */
import assert from "node:assert/strict";
import { createWorkspace } from "../../src/store/workspaces.js";
import {
  addLinkDomain,
  LinkDomainCache,
  listLinkDomains,
  removeLinkDomain,
  shortLinkBase,
} from "../../src/tracking/link-domains.js";
import { TrackingInputError } from "../../src/tracking/tracking-error.js";
import { forEachBackend } from "./backends.js";

const SETTINGS = { currency: "EUR", timezone: "UTC", locale: "en" } as const;

forEachBackend(
  "link domains: one workspace each, in the cache at once, the first in short URLs",
  async (store) => {
    const a = await createWorkspace(store, { name: "A", ...SETTINGS });
    const b = await createWorkspace(store, { name: "B", ...SETTINGS });
    const domains = new LinkDomainCache(store);
    assert.equal(await domains.workspaceOf("links.a.example"), undefined);

    await addLinkDomain(store, a.id, "links.a.example");
    await addLinkDomain(store, a.id, "go.a.example");
    assert.deepEqual(
      (await addLinkDomain(store, a.id, "LINKS.A.EXAMPLE")).map((d) => d.domain),
      ["links.a.example", "go.a.example"],
      "added again: nothing changes",
    );
    await assert.rejects(addLinkDomain(store, b.id, "links.a.example"), (error: unknown) => {
      assert.ok(error instanceof TrackingInputError);
      assert.equal(error.statusCode, 409);
      return true;
    });
    assert.deepEqual(await listLinkDomains(store, b.id), []);
    assert.equal(await domains.workspaceOf("links.a.example:8080"), a.id);
    assert.equal(await domains.workspaceOf("go.a.example"), a.id);

    assert.equal(
      await shortLinkBase(store, a.id, "https://socialroi.agency.example:8443"),
      "https://links.a.example",
    );
    assert.equal(await shortLinkBase(store, b.id, "http://localhost:3000"), "http://localhost:3000");

    assert.equal(await removeLinkDomain(store, b.id, "links.a.example"), false);
    assert.equal(await removeLinkDomain(store, a.id, "links.a.example"), true);
    assert.equal(await domains.workspaceOf("links.a.example"), undefined);
    await addLinkDomain(store, b.id, "links.a.example");
    assert.equal(await domains.workspaceOf("links.a.example"), b.id);
    assert.equal(await shortLinkBase(store, a.id, "http://localhost:3000"), "http://go.a.example");
  },
);

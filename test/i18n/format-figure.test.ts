import assert from "node:assert/strict";
import { test } from "node:test";
import { figureFormatter } from "../../src/i18n/format-figure.js";

test("fixed digits line a report's columns up; up-to digits drop the dashboard's trailing zeros", () => {
  const report = figureFormatter("en-GB", { digits: "fixed", currency: "EUR" });
  const dashboard = figureFormatter("en-GB", { digits: "up-to", currency: "EUR" });
  assert.equal(report(1234.5, "decimal"), "1,234.50");
  assert.equal(dashboard(1234.5, "decimal"), "1,234.5");
  assert.equal(report(0.25, "percent"), "25.0%");
  assert.equal(dashboard(0.25, "percent"), "25%");
  assert.equal(report(3, "multiple"), "3.00×");
  assert.equal(dashboard(3, "multiple"), "3×");
  assert.equal(report(1234.567, "count"), "1,235");
  assert.equal(dashboard(1234.5, "money"), "€1,234.50");
  // Money in fixed digits keeps its currency's own (none for yen); up-to caps it at two.
  assert.equal(figureFormatter("en-US", { digits: "fixed", currency: "JPY" })(1234.5, "money"), "¥1,235");
});

test("a missing figure reads as the style says; French spaces suit the PDF fonts on request", () => {
  const figure = figureFormatter("fr-FR", { digits: "fixed", notAvailable: "n/d", noBreakSpaces: true });
  assert.equal(figure(null, "decimal"), "n/d");
  assert.equal(figure(Number.POSITIVE_INFINITY, "percent"), "n/d");
  assert.equal(figure(1234.5, "decimal"), "1\u00a0234,50");
  assert.equal(figureFormatter("fr-FR", { digits: "up-to" })(1234.5, "decimal"), "1\u202f234,5");
  assert.throws(() => figure(1, "money"), /money needs a currency/);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { amountProblem, dateTimeProblem, dayProblem, nameProblem } from "../../src/domain/input-bounds.js";

test("days: real calendar days from 1970-01-01 to 2100-12-31, in YYYY-MM-DD", () => {
  for (const day of ["1970-01-01", "2100-12-31", "2024-02-29", "2000-02-29"])
    assert.equal(dayProblem(day), undefined);
  assert.equal(dayProblem("2026-02-30"), "2026-02-30 is not a date");
  assert.equal(dayProblem("2100-02-29"), "2100-02-29 is not a date");
  assert.equal(dayProblem("2026-13-01"), "2026-13-01 is not a date");
  assert.equal(dayProblem("2026-04-00"), "2026-04-00 is not a date");
  assert.equal(dayProblem("0001-01-01"), "0001-01-01 is before 1970");
  assert.equal(dayProblem("1969-12-31"), "1969-12-31 is before 1970");
  assert.equal(dayProblem("9999-12-31"), "9999-12-31 is after 2100");
  assert.equal(dayProblem("31/12/2026"), '"31/12/2026" is not a date YYYY-MM-DD');
  assert.equal(dayProblem("2026-03-01T00:00:00Z"), '"2026-03-01T00:00:00Z" is not a date YYYY-MM-DD');
});

test("date-times: ISO 8601, judged on the day they name", () => {
  assert.equal(dateTimeProblem("2026-03-01T10:00:00Z"), undefined);
  assert.equal(dateTimeProblem("2026-03-01T10:00:00+02:00"), undefined);
  assert.equal(dateTimeProblem("0001-01-01T00:00:00Z"), "0001-01-01 is before 1970");
  assert.equal(
    dateTimeProblem("2026-02-30T10:00:00Z"),
    '"2026-02-30T10:00:00Z" is not an ISO 8601 date and time',
  );
  assert.equal(dateTimeProblem("yesterday"), '"yesterday" is not an ISO 8601 date and time');
});

test("amounts: finite and within ±1e12", () => {
  for (const amount of [0, -5.25, 1e12, -1e12]) assert.equal(amountProblem(amount), undefined);
  assert.equal(amountProblem(1e308), "1e+308 is beyond ±1e+12");
  assert.equal(amountProblem(-1.5e12), "-1500000000000 is beyond ±1e+12");
  assert.equal(amountProblem(Number.NaN), "NaN is not a finite number");
  assert.equal(amountProblem(Number.POSITIVE_INFINITY), "Infinity is not a finite number");
});

test("outcome names: no control character, at most 100 characters", () => {
  for (const name of ["lead", "__proto__", "x'); DROP TABLE costs; --", "é".repeat(100)])
    assert.equal(nameProblem(name), undefined);
  assert.equal(nameProblem("a\u0000b"), '"a\\u0000b" contains a control character');
  assert.equal(nameProblem("a\u009fb"), '"a\\u009fb" contains a control character');
  assert.match(nameProblem("o".repeat(101)) ?? "", /longer than 100 characters/);
});

/**
 * Journeys built in JavaScript, row by row, and collapsed into unique paths: what src/attribution
 * did before the database split and grouped journeys (read-sql.ts, store-paths.ts). Kept as the
 * oracle of those statements and as the way unit tests of the models write their journeys.
 */
import { DEFAULT_LOOKBACK_DAYS } from "../../src/api/attribution.js";
import {
  type AggregatedPaths,
  canonicalPaths,
  DEFAULT_HALF_LIFE_DAYS,
  MS_PER_DAY,
  type UniquePath,
} from "../../src/attribution/aggregate.js";
import { AttributionInputError, type Journey, type Touch } from "../../src/attribution/types.js";

export interface TouchpointInput {
  customerId: string;
  occurredAt: Date | string;
  channel: string;
  network?: string | null;
  campaign?: string | null;
}

export interface ConversionInput {
  customerId: string;
  occurredAt: Date | string;
  value: number;
  conversionId: string;
}

/**
 * The level credit is given at: a field name or a function. A touch without a network or campaign falls
 * back to its channel group, so organic search or e-mail touches keep a meaningful name.
 */
type ChannelLevel =
  | "channel"
  | "channel_group"
  | "network"
  | "campaign"
  | ((touchpoint: TouchpointInput) => string | null | undefined);

export interface JourneyOptions {
  lookbackDays?: number;
  /** Channels dropped before journeys are built (e.g. direct, stripe, paypal, the site itself). */
  exclude?: readonly string[];
  level?: ChannelLevel;
}

export interface TimedTouch {
  time: number;
  channel: string;
}

export interface TimedConversion {
  time: number;
  value: number;
  count: number;
  conversionId?: string;
}

/**
 * Splits one customer's time-sorted touches at each conversion. A touch at the same instant as a
 * conversion belongs to the journey that conversion closes, which is what makes an event-log conversion
 * row its own last touch.
 */
export function splitCustomerJourneys(
  touches: readonly TimedTouch[],
  conversions: readonly TimedConversion[],
  lookbackMs: number,
  emit: (journey: Journey) => void,
): void {
  let next = 0;
  for (const conversion of conversions) {
    const start = next;
    while (next < touches.length && touches[next]!.time <= conversion.time) next++;
    emit({
      touches: withinLookback(touches, start, next, conversion.time - lookbackMs),
      conversions: conversion.count,
      value: conversion.value,
      nulls: 0,
      convertedAt: conversion.time,
      ...(conversion.conversionId === undefined ? {} : { conversionId: conversion.conversionId }),
    });
  }
  if (next < touches.length) {
    // No conversion to measure the window from: the journey's own last touch stands in for it.
    const lastTime = touches[touches.length - 1]!.time;
    emit({
      touches: withinLookback(touches, next, touches.length, lastTime - lookbackMs),
      conversions: 0,
      value: 0,
      nulls: 1,
      convertedAt: null,
    });
  }
}

function withinLookback(touches: readonly TimedTouch[], from: number, to: number, earliest: number): Touch[] {
  const kept: Touch[] = [];
  for (let i = from; i < to; i++) {
    const touch = touches[i]!;
    if (touch.time >= earliest) kept.push({ channel: touch.channel, time: touch.time });
  }
  return kept;
}

function normaliseChannelName(name: string): string {
  return name.trim().toLowerCase();
}

export function exclusionTest(exclude: readonly string[] | undefined): (channel: string) => boolean {
  const excluded = new Set((exclude ?? []).map(normaliseChannelName));
  return (channel) => excluded.has(normaliseChannelName(channel));
}

function levelResolver(level: ChannelLevel | undefined): (touchpoint: TouchpointInput) => string {
  if (typeof level === "function") return (t) => level(t) ?? t.channel;
  switch (level) {
    case "network":
      return (t) => t.network ?? t.channel;
    case "campaign":
      return (t) => t.campaign ?? t.channel;
    default:
      return (t) => t.channel;
  }
}

function parseInstant(value: Date | string, what: string): number {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) {
    throw new AttributionInputError(`${what}: occurredAt: expected an ISO 8601 date, got "${String(value)}"`);
  }
  return time;
}

function byTimeThenChannel(a: TimedTouch, b: TimedTouch): number {
  return a.time - b.time || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0);
}

/**
 * Journeys per customer in time order (customers sorted by id, so the result does not depend on the
 * order of the input arrays).
 */
export function buildJourneys(
  touchpoints: readonly TouchpointInput[],
  conversions: readonly ConversionInput[],
  options: JourneyOptions = {},
): Journey[] {
  const resolveChannel = levelResolver(options.level);
  const isExcluded = exclusionTest(options.exclude);
  const lookbackMs = (options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS) * MS_PER_DAY;

  const customers = new Map<
    string,
    { touches: TimedTouch[]; conversions: (TimedConversion & { conversionId: string })[] }
  >();
  const customer = (id: string) => {
    let entry = customers.get(id);
    if (!entry) {
      entry = { touches: [], conversions: [] };
      customers.set(id, entry);
    }
    return entry;
  };

  touchpoints.forEach((touchpoint, index) => {
    const time = parseInstant(
      touchpoint.occurredAt,
      `touchpoint ${index} (customer ${touchpoint.customerId})`,
    );
    const channel = resolveChannel(touchpoint).trim();
    if (isExcluded(channel) || isExcluded(touchpoint.channel)) return;
    customer(touchpoint.customerId).touches.push({ time, channel });
  });
  conversions.forEach((conversion, index) => {
    const time = parseInstant(conversion.occurredAt, `conversion ${index} (${conversion.conversionId})`);
    if (!Number.isFinite(conversion.value)) {
      throw new AttributionInputError(
        `conversion ${index} (${conversion.conversionId}): value: expected a finite number, got ${conversion.value}`,
      );
    }
    customer(conversion.customerId).conversions.push({
      time,
      value: conversion.value,
      count: 1,
      conversionId: conversion.conversionId,
    });
  });

  const journeys: Journey[] = [];
  const emit = (journey: Journey) => journeys.push(journey);
  for (const id of [...customers.keys()].sort()) {
    const entry = customers.get(id)!;
    entry.touches.sort(byTimeThenChannel);
    entry.conversions.sort(
      (a, b) =>
        a.time - b.time || (a.conversionId < b.conversionId ? -1 : a.conversionId > b.conversionId ? 1 : 0),
    );
    splitCustomerJourneys(entry.touches, entry.conversions, lookbackMs, emit);
  }
  return journeys;
}

/** Collapses journeys into unique paths as they arrive, so millions of journeys never sit in memory. */
export class PathAggregator {
  private readonly channelIds = new Map<string, number>();
  private readonly channelNames: string[] = [];
  private readonly paths = new Map<string, UniquePath>();
  private readonly decayConversions: number[] = [];
  private readonly decayValue: number[] = [];
  private readonly halfLifeMs: number;
  private journeysWithoutTimes = 0;
  private convertingJourneys = 0;
  private unattributedConversions = 0;
  private unattributedValue = 0;

  constructor(private readonly halfLifeDays = DEFAULT_HALF_LIFE_DAYS) {
    this.halfLifeMs = halfLifeDays * MS_PER_DAY;
  }

  add(journey: Journey): void {
    if (journey.touches.length === 0) {
      this.unattributedConversions += journey.conversions;
      this.unattributedValue += journey.value;
      return;
    }
    const ids = journey.touches.map((touch) => this.channelId(touch.channel));
    const key = ids.join(",");
    let path = this.paths.get(key);
    if (!path) {
      path = { channels: ids, conversions: 0, value: 0, nulls: 0 };
      this.paths.set(key, path);
    }
    path.conversions += journey.conversions;
    path.value += journey.value;
    path.nulls += journey.nulls;
    if (journey.conversions > 0) this.addTimeDecay(journey, ids);
  }

  private channelId(name: string): number {
    let id = this.channelIds.get(name);
    if (id === undefined) {
      id = this.channelNames.length;
      this.channelIds.set(name, id);
      this.channelNames.push(name);
      this.decayConversions.push(0);
      this.decayValue.push(0);
    }
    return id;
  }

  private addTimeDecay(journey: Journey, ids: readonly number[]): void {
    this.convertingJourneys++;
    const convertedAt = journey.convertedAt;
    const timed = convertedAt !== null && journey.touches.every((touch) => touch.time !== null);
    if (!timed) this.journeysWithoutTimes++;
    const weights = journey.touches.map((touch) =>
      timed ? 2 ** (-(convertedAt - touch.time!) / this.halfLifeMs) : 1,
    );
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    ids.forEach((id, i) => {
      const share = weights[i]! / total;
      this.decayConversions[id]! += journey.conversions * share;
      this.decayValue[id]! += journey.value * share;
    });
  }

  finish(): AggregatedPaths {
    return canonicalPaths(
      this.channelNames,
      [...this.paths.values()],
      { conversions: this.decayConversions, value: this.decayValue },
      {
        unattributedConversions: this.unattributedConversions,
        unattributedValue: this.unattributedValue,
        halfLifeDays: this.halfLifeDays,
        journeysWithoutTimes: this.journeysWithoutTimes,
        convertingJourneys: this.convertingJourneys,
      },
    );
  }
}

export function aggregateJourneys(
  journeys: Iterable<Journey>,
  halfLifeDays = DEFAULT_HALF_LIFE_DAYS,
): AggregatedPaths {
  const aggregator = new PathAggregator(halfLifeDays);
  for (const journey of journeys) aggregator.add(journey);
  return aggregator.finish();
}

/** What a report needs to speak its reader's language: its words and how it writes figures and dates. */
export type { FigureKind } from "../format-figure.js";
export { type CellKind, type Formatter, formatter } from "./format.js";
export { type ReportWords, WORDS } from "./words.js";

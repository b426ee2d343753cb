/** One problem in an input file, located precisely enough for the user to fix it. */
export interface InputProblem {
  /** 1-based data row (the header is row 0); absent for whole-file problems. */
  row?: number;
  /** Further rows with the same problem and value, told once rather than once per row. */
  alsoInRows?: number;
  column?: string;
  value?: string;
  expected: string;
}

/** More would bury the first problems; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 10;

/** An import refused as a whole: nothing of the file was written. */
export class ImportError extends Error {
  override name = "ImportError";
  constructor(
    readonly file: string,
    readonly problems: InputProblem[],
    readonly totalProblems = problems.length,
  ) {
    super(formatProblems(file, problems, totalProblems));
  }
}

function describeProblem(file: string, p: InputProblem): string {
  const where = [
    file,
    p.row !== undefined ? `row ${p.row}${p.alsoInRows ? ` and ${p.alsoInRows} more rows` : ""}` : undefined,
    p.column ? `column "${p.column}"` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  const got = p.value !== undefined ? `: found ${JSON.stringify(p.value)}` : "";
  return `${where}${got}; expected ${p.expected}`;
}

function formatProblems(file: string, problems: InputProblem[], total: number): string {
  const lines = problems.map((p) => describeProblem(file, p));
  if (total > problems.length) lines.push(`… and ${total - problems.length} more problems`);
  return `${lines.join("\n")}\nNothing was imported from ${file}.`;
}

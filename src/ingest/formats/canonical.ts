import { CANONICAL_FORMATS, type CanonicalFormat, type CanonicalFormatName } from "../../domain/canonical.js";
import type { FileFormat } from "../file-format.js";
import type { FileProbe } from "../probe-file.js";

function findColumn(probe: FileProbe, name: string): string | undefined {
  return probe.header.find((h) => h.trim().toLowerCase() === name);
}

/** The project's own formats, recognised by their header (every required column present). */
function canonicalFileFormat(spec: CanonicalFormat): FileFormat {
  const required = spec.columns.filter((c) => c.required).map((c) => c.name);
  return {
    name: spec.name,
    description: spec.title,
    detect(probe) {
      if (!required.every((name) => findColumn(probe, name))) return 0;
      // Prefer the format that explains most of the header when several match.
      const known = spec.columns.filter((c) => findColumn(probe, c.name)).length;
      return 0.5 + 0.5 * (known / Math.max(probe.header.length, 1));
    },
    mappings(probe) {
      const columns: Record<string, string> = {};
      for (const column of spec.columns) {
        const found = findColumn(probe, column.name);
        if (found) columns[column.name] = found;
      }
      return [{ target: spec.name as CanonicalFormatName, columns }];
    },
  };
}

export const CANONICAL_FILE_FORMATS: FileFormat[] = CANONICAL_FORMATS.map(canonicalFileFormat);

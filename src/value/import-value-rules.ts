import { loadRows, type TableImport } from "../store/bulk-load.js";

/**
 * Value rules from a file, merged by outcome, network and first day. A file states each rule's
 * window itself (valid_from, valid_to), so its rules are taken as written, where a rule made by
 * hand closes the one it follows (write-value-rule.ts). The unit value of a probability × price
 * rule is `unitValueSql`, as everywhere.
 */
export const importValueRules: TableImport = { load: loadRows };

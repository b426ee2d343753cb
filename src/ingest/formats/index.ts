import type { FileFormat } from "../file-format.js";
import { CANONICAL_FILE_FORMATS } from "./canonical.js";
import { NATIVE_FILE_FORMATS } from "./native.js";

/** Every format `socialroi import` recognises; native exports register here. */
export const FILE_FORMATS: FileFormat[] = [...CANONICAL_FILE_FORMATS, ...NATIVE_FILE_FORMATS];

/** Link input is part of the API's contract: defined there, named here for the link commands. */
export type { LinkChanges } from "../api/links.js";

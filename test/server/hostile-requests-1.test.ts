import { testHostileRequests } from "./hostile-requests.js";

testHostileRequests(1, 4);

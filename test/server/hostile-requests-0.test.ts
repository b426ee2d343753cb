import { testHostileRequests } from "./hostile-requests.js";

testHostileRequests(0, 4);

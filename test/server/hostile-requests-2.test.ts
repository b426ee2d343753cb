import { testHostileRequests } from "./hostile-requests.js";

testHostileRequests(2, 4);

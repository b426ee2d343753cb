import { testHostileRequests } from "./hostile-requests.js";

testHostileRequests(3, 4);

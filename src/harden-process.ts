/**
 * `node --disable-proto=delete`, done from inside: the entry points (src/cli/main.ts,
 * src/server/app.ts) import this module before anything else, so it runs before any dependency
 * has loaded and before any data is read. Without the `__proto__` accessor, a key such as a
 * campaign named `__proto__` written into a plain object (ours or a library's cache) becomes an
 * ordinary property instead of replacing the object's prototype or reaching Object.prototype.
 * A module rather than the flag: `npx socialroi`, `npm start` and code that embeds the server
 * (tests, scripts) all get it without a re-exec (a second process, its signals and exit code to
 * relay) or a shebang option that not every platform passes on.
 */
Reflect.deleteProperty(Object.prototype, "__proto__");

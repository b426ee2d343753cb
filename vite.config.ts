import { defineConfig } from "vite";

/** The dashboard: built from src/web into dist/web, which the server serves (src/server/routes/web.ts). */
export default defineConfig({
  root: "src/web",
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    target: "es2022",
    // ECharts is imported piece by piece; what remains is still one large chunk, and that is expected.
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000", "/l": "http://127.0.0.1:3000" } },
});

import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The server serves the build at `/` (index.html for every client route), so assets are
// addressed from the root. In development, `npm run dev` proxies /graphql to a local server.
export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "../agenttrace/web/static",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    rolldownOptions: {
      // Libraries change less often than the app: their own file stays cached.
      output: { codeSplitting: { groups: [{ name: "vendor", test: /node_modules/ }] } },
    },
  },
  server: {
    proxy: { "/graphql": process.env.AGENTTRACE_URL ?? "http://127.0.0.1:3100" },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
  },
});

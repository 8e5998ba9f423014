// One static page (dist/index.html and its assets) with relative URLs, so the test can serve it from any origin.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    // The page awaits the form before it mounts (top-level await).
    target: "es2022",
    // Web Forms is large (its map block brings OpenLayers): the size warning says nothing useful here.
    chunkSizeWarningLimit: 5000,
  },
});

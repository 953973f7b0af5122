import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Vendor groups split into their own chunks: antd and ECharts are large and change rarely, so
 * browsers keep them cached across releases of our own code.
 */
const VENDOR_CHUNKS = [
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
  { name: 'vendor-antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 25 },
  // antd's own components, and the rc-* building blocks under them, as two similar halves. The
  // rc group ranks higher: a group also takes what its modules import, so antd would swallow rc.
  { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design)[\\/]/, priority: 20 },
  { name: 'vendor-rc', test: /node_modules[\\/](rc-[^\\/]+|@rc-component|dayjs)[\\/]/, priority: 22 },
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie)[\\/]/,
    priority: 15,
  },
  { name: 'vendor-zod', test: /node_modules[\\/]zod[\\/]/, priority: 12 },
  { name: 'vendor-misc', test: /node_modules[\\/](@tanstack|i18next|react-i18next)[\\/]/, priority: 10 },
];

/** Where `vite dev`/`vite preview` forward `/api` (a zhili server); override with ZHILI_API_URL. */
const apiTarget = process.env.ZHILI_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The contracts package is TypeScript source; point straight at it so Vite compiles it.
    alias: {
      '@zhili/contracts': fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: { codeSplitting: { groups: VENDOR_CHUNKS } },
    },
  },
  // `^/api/` (a RegExp key), not `/api`: the app's own `/apikeys` page must not be proxied.
  server: { proxy: { '^/api/': { target: apiTarget, changeOrigin: false } } },
  preview: { proxy: { '^/api/': { target: apiTarget, changeOrigin: false } } },
});

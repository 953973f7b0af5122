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
  {
    name: 'vendor-antd',
    test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component|dayjs)[\\/]/,
    priority: 20,
  },
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie)[\\/]/,
    priority: 15,
  },
  { name: 'vendor-misc', test: /node_modules[\\/](@tanstack|i18next|react-i18next|zod)[\\/]/, priority: 10 },
];

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
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: { codeSplitting: { groups: VENDOR_CHUNKS } },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});

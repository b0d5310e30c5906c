import { defineConfig } from '@playwright/test';
import { execSync } from 'node:child_process';

// Debian's Chromium: nothing here downloads a browser of its own.
const chromium = process.env.CHROMIUM || execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
const port = Number(process.env.E2E_PORT || 4173);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'target/e2e-results',
  use: {
    // The app is served under a nested sub-path with a strict CSP (e2e/serve.mjs).
    baseURL: `http://127.0.0.1:${port}/docs/nested/asyncviz/`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
             '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    },
  },
  webServer: {
    command: `node e2e/serve.mjs ${port}`,
    url: `http://127.0.0.1:${port}/docs/nested/asyncviz/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});

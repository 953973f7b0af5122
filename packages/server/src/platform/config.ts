import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting zhili reads, parsed once at boot. Each entry documents itself; `zhili config`
 * and docs/deploy.md list them from here.
 */
export const CONFIG_DOC = {
  PORT: 'HTTP port (default 3000)',
  HOST: 'HTTP bind address (default 0.0.0.0)',
  ZHILI_DATA_DIR: 'data directory: embedded PostgreSQL, secret key, attachments (default ./data)',
  DATABASE_URL: 'PostgreSQL ≥ 15 to use instead of the embedded cluster (sensitive)',
  ZHILI_SECRET_KEY:
    '32-byte key (hex or base64) for personal data encryption; generated into the data dir when unset (sensitive)',
  ZHILI_DEMO_PASSWORD: 'password of the demo accounts; random and printed when unset (sensitive)',
  ZHILI_ATTACHMENTS_DIR: 'attachment directory (default <data dir>/attachments)',
  ZHILI_MAX_UPLOAD_MB: 'largest attachment accepted, in MB (default 10)',
  ZHILI_TRUST_PROXY: 'trust X-Forwarded-* from a load balancer (true/false, default false)',
  ZHILI_SECURE_COOKIES: 'mark session cookies Secure (set behind HTTPS; default false)',
  LOG_LEVEL: 'fatal|error|warn|info|debug|trace (default info)',
  ZHILI_DEMO_SIMULATE:
    'demo mode: simulated incidents per second fed through the API so the dispatcher board is alive (default 0.05; 0 = off)',
} as const;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ZHILI_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  ZHILI_SECRET_KEY: z.string().optional(),
  ZHILI_DEMO_PASSWORD: z.string().min(8).optional(),
  ZHILI_ATTACHMENTS_DIR: z.string().optional(),
  ZHILI_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(10),
  ZHILI_TRUST_PROXY: bool.default(false),
  ZHILI_SECURE_COOKIES: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ZHILI_DEMO_SIMULATE: z.coerce.number().min(0).max(1000).default(0.05),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  demoPassword: string | undefined;
  attachmentsDir: string;
  maxUploadBytes: number;
  trustProxy: boolean;
  secureCookies: boolean;
  logLevel: string;
  /** Demo mode's simulated incidents per second (0 = off). */
  demoSimulateRate: number;
}

/** Parses the environment (plus overrides from the CLI); throws one clear line per bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.ZHILI_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    secretKey: e.ZHILI_SECRET_KEY,
    demoPassword: e.ZHILI_DEMO_PASSWORD,
    attachmentsDir: path.resolve(e.ZHILI_ATTACHMENTS_DIR ?? path.join(dataDir, 'attachments')),
    maxUploadBytes: Math.round(e.ZHILI_MAX_UPLOAD_MB * 1024 * 1024),
    trustProxy: e.ZHILI_TRUST_PROXY,
    secureCookies: e.ZHILI_SECURE_COOKIES,
    logLevel: e.LOG_LEVEL,
    demoSimulateRate: e.ZHILI_DEMO_SIMULATE,
    ...overrides,
    dataDir,
  };
}

import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedCluster } from '../src/platform/db/embedded.ts';
import { openDatabase } from '../src/platform/db/pool.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';

let cluster: EmbeddedCluster | undefined;

/**
 * Starts the embedded PostgreSQL once per run (or uses ZHILI_TEST_DATABASE_URL, as CI does with
 * Debian's PostgreSQL) and migrates a template database that each test file copies.
 */
export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.ZHILI_TEST_DATABASE_URL;
  if (!adminUrl) {
    cluster = await startEmbedded({ dataDir: path.resolve('.vitest-data/pg') });
    adminUrl = cluster.url;
  }
  const templateDb = `zhili_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${templateDb}`);
    await admin.query(`create database ${templateDb}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${templateDb}`;
  const db = openDatabase(url.toString(), { max: 2 });
  try {
    await runMigrations(db.pool);
  } finally {
    await db.close();
  }
  // Read back with inject() in test/db.ts.
  const provide = project.provide.bind(project) as unknown as (key: string, value: string) => void;
  provide('adminDbUrl', adminUrl);
  provide('templateDb', templateDb);
}

export async function teardown(): Promise<void> {
  const adminUrl = process.env.ZHILI_TEST_DATABASE_URL ?? cluster?.url;
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists zhili_template_${process.pid}`).catch(() => undefined);
    await admin.end();
  }
  await cluster?.stop();
}

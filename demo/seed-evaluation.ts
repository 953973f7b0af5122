import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../packages/server/src/platform/context.ts';
import {
  createFramework,
  createRun,
  publishRun,
  uploadDataset,
} from '../packages/server/src/modules/evaluation/index.ts';

/** 湖州市: the Huzhou evaluation framework belongs to the city. */
const HUZHOU = '3305';

/**
 * The Huzhou tripod demo (illustrative data, see demo/evaluation/README.md): the framework, three
 * years of data, and a run per year. 2021 and 2022 are published, so the champion roll has two
 * entries; 2023 stays a draft for an evaluator to review and publish.
 */
export async function seedEvaluation(ctx: Ctx, dir: string): Promise<{ runs: number }> {
  const yaml = readFileSync(path.join(dir, 'evaluation', 'huzhou.yaml'), 'utf8');
  const framework = await createFramework(ctx, { regionCode: HUZHOU, yaml });
  const data = readFileSync(path.join(dir, 'evaluation', 'huzhou-data.csv'));
  const dataset = await uploadDataset(ctx, { framework: framework.code, name: '湖州 2021–2023（示例数据）' }, data);
  let runs = 0;
  for (const year of [2021, 2022, 2023]) {
    const run = await createRun(ctx, { framework: framework.code, dataset: dataset.id, year });
    runs += 1;
    if (year < 2023) await publishRun(ctx, run.id);
  }
  return { runs };
}

// Preloaded into zhili by bench/intake.bench.ts when ZHILI_BENCH_PROFILE is set (NODE_OPTIONS
// refuses --cpu-prof): samples the CPU with the inspector and writes a .cpuprofile on SIGTERM.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.ZHILI_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  process.prependOnceListener('SIGTERM', () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(path.join(dir, `zhili-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}

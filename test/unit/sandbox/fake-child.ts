import { fatalResult, GradingJob, type GradingResult } from '../../../grader/results';

/**
 * A stand-in sandbox child for pool tests: it speaks the child protocol but behaves as the job's
 * code says — `ok`, `hang`, `abort`, `exit`, `garbage`, `invalid`, `sleep:<ms>`, `grow`,
 * `prepare:<ms>` (busy for <ms> of CPU before it sends the budget, then passes) — so the pool's
 * watchdog can be tested without learner code. Only tests start it (PoolOptions.childModule).
 */

if (!process.send) process.exit(2);
process.on('disconnect', () => process.exit(0));

const startup = process.env.DELTALAB_FAKE_CHILD_STARTUP ?? 'ready';
if (startup === 'crash') process.exit(9);
if (startup !== 'silent') process.send({ type: 'ready', pid: process.pid, budgets: true });

process.on('message', (msg: { type: string; id: number; job: GradingJob }) => {
  if (msg.type !== 'grade') return;
  const job = GradingJob.parse(msg.job);
  const [command, arg] = job.code.split(':');
  // Like the real child: the budget message comes before any learner code; without `cpuMs`, the
  // pool's default budget applies. `prepare` first spends CPU time of its own, as a child finishing
  // an exercise it was preparing in the background does.
  if (command === 'prepare') {
    const until = process.cpuUsage();
    while ((process.cpuUsage(until).user + process.cpuUsage(until).system) / 1000 < Number(arg)) {
      // the child's own work, before the grading starts
    }
    process.send!({ type: 'budget', id: msg.id, cpuMs: 10_000 });
  } else {
    process.send!({ type: 'budget', id: msg.id });
  }
  const passed: GradingResult = {
    ...fatalResult(job, 'runtime_error', 'ok', { version: 'fake', maxPoints: 1 }),
    status: 'passed',
    score: 1,
    points: 1,
    runtimeError: undefined,
    summary: `graded by ${process.pid}`,
  };
  switch (command) {
    case 'prepare':
    case 'ok':
      process.send!({ type: 'result', id: msg.id, result: passed });
      return;
    case 'sleep':
      setTimeout(() => process.send!({ type: 'result', id: msg.id, result: passed }), Number(arg));
      return;
    case 'hang':
      for (;;) {
        // a busy child: only SIGKILL ends it
      }
    case 'grow': {
      // Memory outside any isolate's heap limit, touched so that it is resident: 16 MB every 10 ms.
      const kept: Buffer[] = [];
      setInterval(() => kept.push(Buffer.alloc(16 * 1024 * 1024, 1)), 10);
      return;
    }
    case 'abort':
      process.abort();
      return;
    case 'exit':
      process.exit(3);
      return;
    case 'garbage':
      process.send!({ type: 'surprise', id: msg.id });
      return;
    case 'invalid':
      process.send!({ type: 'result', id: msg.id, result: { ...passed, score: 7 } });
      return;
  }
});

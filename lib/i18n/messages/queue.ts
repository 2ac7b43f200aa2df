/**
 * What a student is told when the grading of a submission kept crashing the graders (the queue
 * gave up after its retries). Used by the feedback panel and stored as the result's summary.
 */
export const en = {
  status: 'Could not be graded',
  explain:
    'The grader crashed every time it tried to run this submission, so it was stopped and scored 0. Your code is saved: submit it again, and tell your instructor if this keeps happening.',
  summary: 'This submission could not be graded: the grader crashed on every attempt. It scores 0; please submit again.',
};

export const zh: typeof en = {
  status: '无法评测',
  explain: '评测器每次运行这份提交都崩溃了，因此已停止评测并记 0 分。你的代码已保存：请重新提交；如果反复出现，请告诉老师。',
  summary: '这份提交无法评测：评测器每次尝试都崩溃了。本次记 0 分，请重新提交。',
};

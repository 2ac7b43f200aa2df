/**
 * The exercise page's workbench beyond the basics: the editor's load state, the phone tabs, the
 * way on after a pass, restoring attempts, equations, and the course home's totals.
 */
export const en = {
  editorLoadFailed: 'The full code editor did not load. You can keep typing here; your code is kept.',
  retry: 'Retry',
  tabsLabel: 'Exercise parts',
  tabs: { statement: 'Statement', code: 'Code', feedback: 'Feedback' },
  nextExercise: 'Next exercise: {title}',
  sectionDone: 'Back to the course',
  lastAttempt: 'Your latest graded attempt, from {time}',
  confirmRestore: 'Replace the code in the editor with this attempt? Your current code is not in any attempt; you can undo with Ctrl+Z.',
  equation: 'Equation (scrolls sideways)',
  courseTotal: 'Your exercises: {points} of {max} points · {solved} of {n} solved',
  sectionTotal: '{points} of {max} points · {solved} of {n} solved',
  quizTotal: 'Quizzes: {done} of {n} fully correct',
};

export const zh: typeof en = {
  editorLoadFailed: '完整的代码编辑器没有加载成功。你可以继续在这里输入，代码会被保留。',
  retry: '重试',
  tabsLabel: '练习的各部分',
  tabs: { statement: '题目', code: '代码', feedback: '反馈' },
  nextExercise: '下一题：{title}',
  sectionDone: '返回课程',
  lastAttempt: '你最近一次已评测的尝试（{time}）',
  confirmRestore: '用这次尝试的代码替换编辑器中的代码吗？你当前的代码不在任何一次尝试中；可以用 Ctrl+Z 撤销。',
  equation: '公式（可左右滚动）',
  courseTotal: '你的练习：{points} / {max} 分 · 已完成 {solved} / {n} 题',
  sectionTotal: '{points} / {max} 分 · 已完成 {solved} / {n} 题',
  quizTotal: '测验：{n} 个中全对 {done} 个',
};

'use client';

import type { GradingResult } from '../../grader/results';
import type { Messages, Locale } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import type { AttemptDTO, SubmissionDTO } from '../../lib/site/dto';
import type { LiveExamples } from '../../lib/live/types';
import { useExerciseTabs } from './ExerciseTabs';
import CodeEditor from './CodeEditor';
import { History } from './History';
import { LiveStrip } from './live/LiveStrip';
import { useLiveChecks } from './live/useLiveChecks';
import { useDraft } from './useDraft';
import { DraftStateLabel } from './workbench/DraftStateLabel';
import { FeedbackPanel } from './workbench/FeedbackPanel';
import { useAttempts } from './workbench/useAttempts';
import { useEditorMarkers } from './workbench/useEditorMarkers';
import { useGrading } from './workbench/useGrading';
import { useKeyboardShortcuts } from './workbench/useKeyboardShortcuts';
import { useKnownCodes } from './workbench/useKnownCodes';
import { useRequestNotice } from './workbench/useRequestNotice';
import { resultOf, useShownFeedback } from './workbench/useShownFeedback';
import { useVisibleCode } from './workbench/useVisibleCode';
import { WorkbenchActions } from './workbench/WorkbenchActions';

export interface WorkbenchProps {
  exerciseId: string;
  title: string;
  starter: string;
  declarations: string;
  /** The signed-in student's id (scopes the browser's draft buffer), or null. */
  userId: string | null;
  draft: { code: string; updatedAt: number } | null;
  attempts: AttemptDTO[];
  /** The latest graded attempt: its feedback opens in the panel when the student comes back. */
  lastAttempt?: SubmissionDTO | null;
  /** Where to go after a pass (null: this is the last exercise). */
  next?: { id: string; title: string } | null;
  locale: Locale;
  /** The statement's example checks for live checks while typing; null when off for this exercise. */
  liveExamples?: LiveExamples | null;
  t: {
    locale: Messages['locale'];
    exercise: Messages['exercise'];
    feedback: Messages['feedback'];
    grader: Messages['grader'];
    history: Messages['history'];
    grades: Messages['grades'];
    workbench: Messages['workbench'];
    live: Messages['live'];
  };
}

/**
 * The working half of the exercise page: the editor, Check and Submit (with keyboard shortcuts),
 * the feedback of the last run, and the attempt history. Typed work is never lost: every change
 * goes to localStorage at once and to the server shortly after. Each concern is a hook of its own
 * (app/_components/workbench/); this component wires them together.
 */
export function Workbench(props: WorkbenchProps) {
  const { exerciseId, t, userId } = props;
  const tabs = useExerciseTabs();
  const code = useVisibleCode();
  const draft = useDraft({ exerciseId, userId, starter: props.starter, draft: props.draft, onRestore: (c) => code.handle.current?.offerInitial(c) });
  const knownCodes = useKnownCodes(props.starter, props.lastAttempt?.code);
  const markers = useEditorMarkers();
  const { shown, show } = useShownFeedback(props.lastAttempt, markers.showMarkers);
  const { notice, setNotice, failed } = useRequestNotice(t.exercise);
  const live = useLiveChecks(props.liveExamples ?? null, props.locale, t.live);
  const attempts = useAttempts({
    exerciseId,
    initial: props.attempts,
    failed,
    onOpened(submission) {
      show({ kind: 'attempt', submission });
      tabs?.show('feedback');
      document.getElementById('feedback-title')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    },
  });
  const grading = useGrading({
    exerciseId,
    userId,
    t: t.exercise,
    visibleCode: code.visibleCode,
    readTypeWarnings: markers.typeWarnings,
    saveNow: () => draft.saveNow(),
    knownCodes,
    setNotice,
    failed,
    onGraded(kind: 'check' | 'submit', result: GradingResult) {
      show({ kind, result });
      tabs?.show('feedback');
    },
    onRecorded: () => void attempts.refresh(),
  });
  // Keyboard shortcuts work anywhere on the page (inside the editor, Monaco's own commands call these).
  const actions = useKeyboardShortcuts({ check: grading.check, submit: grading.submit });

  /** Restoring an attempt asks first when the code in the editor would be lost (it is in no attempt). */
  function restoreAttempt(restored: string) {
    const current = code.handle.current?.getValue() ?? draft.codeRef.current;
    if (current !== restored && !knownCodes.has(current) && !window.confirm(t.workbench.confirmRestore)) return;
    knownCodes.add(restored);
    code.handle.current?.replace(restored);
    tabs?.show('code');
  }

  function showLine(line: number, column?: number) {
    tabs?.show('code');
    code.handle.current?.showLine(line, column);
  }

  return (
    <div className="workbench">
      <section className="editor-panel" id="pane-code" aria-labelledby="editor-title">
        <div className="panel-head">
          <h2 id="editor-title">{t.exercise.editor}</h2>
          <DraftStateLabel state={draft.draftState} t={t.exercise} />
        </div>
        <CodeEditor
          exerciseId={exerciseId}
          locale={props.locale}
          initialCode={props.draft?.code ?? props.starter}
          declarations={props.declarations}
          ariaLabel={format(t.exercise.editorLabel, { title: props.title })}
          labels={{ loadFailed: t.workbench.editorLoadFailed, retry: t.workbench.retry }}
          handle={code.handle}
          onChange={draft.onChange}
          onPlainReady={code.onPlainReady}
          onReady={(editor, monaco) => {
            markers.attach(editor, monaco, resultOf(shown));
            live.attach(editor, monaco);
            performance.mark('deltalab:editor-ready');
            document.documentElement.dataset.editorReady = 'true';
          }}
          onCheck={actions.check}
          onSubmit={actions.submit}
        />
        {props.liveExamples && <LiveStrip live={live} examples={props.liveExamples} locale={props.locale} t={t.live} />}
        <WorkbenchActions
          canRun={code.ready && grading.phase === 'idle'}
          codeReady={code.ready}
          t={t.exercise}
          onCheck={() => void grading.check()}
          onSubmit={() => void grading.submit()}
          onReset={() => code.handle.current?.replace(props.starter)}
        />
        {!userId && (
          <p className="notice small">
            <a href={`/sign-in?next=${encodeURIComponent(`/exercises/${exerciseId}`)}`}>{t.exercise.signInToSubmit}</a>
          </p>
        )}
      </section>

      <FeedbackPanel
        phase={grading.phase}
        notice={notice}
        shown={shown}
        typeWarnings={grading.typeWarnings}
        next={props.next}
        locale={props.locale}
        t={t}
        onShowLine={showLine}
        onRestore={restoreAttempt}
        onClose={() => show(null)}
      />

      {userId && (
        <History
          attempts={attempts.attempts}
          t={t.history}
          grades={t.grades}
          status={t.feedback.status}
          locale={props.locale}
          openId={shown?.kind === 'attempt' ? shown.submission.id : null}
          onOpen={(id) => void attempts.open(id)}
        />
      )}
    </div>
  );
}

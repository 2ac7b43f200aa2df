'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';

export type ExerciseTab = 'statement' | 'code' | 'feedback';
const TABS: ExerciseTab[] = ['statement', 'code', 'feedback'];

const TabContext = createContext<{ show(tab: ExerciseTab): void } | null>(null);

/** Lets the workbench bring its feedback forward on a phone once a run has finished. */
export function useExerciseTabs() {
  return useContext(TabContext);
}

/**
 * The exercise page's layout. On a phone the statement, the editor and the feedback are three tabs
 * under a bar that stays at the top, so the editor is one tap away however long the statement is;
 * on wider screens the bar is hidden and everything shows side by side (CSS: `data-tab` only
 * matters below the phone breakpoint). Without JavaScript the statement tab shows.
 */
export function ExerciseTabs({ labels, label, children }: { labels: Record<ExerciseTab, string>; label: string; children: ReactNode }) {
  const [tab, setTab] = useState<ExerciseTab>('statement');
  return (
    <TabContext.Provider value={{ show: setTab }}>
      <div className="exercise-layout" data-tab={tab}>
        <nav className="exercise-tabs" aria-label={label}>
          {TABS.map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={tab === t}
              aria-controls={`pane-${t}`}
              data-tab-button={t}
              onClick={() => {
                setTab(t);
                window.scrollTo({ top: 0 });
              }}
            >
              {labels[t]}
            </button>
          ))}
        </nav>
        {children}
      </div>
    </TabContext.Provider>
  );
}

/**
 * Long tasks (main-thread work over 50 ms) while a turn runs: why a streamed answer stuttered.
 * The browser's own PerformanceObserver reports them (Chromium; elsewhere there are none to
 * report, and the list stays empty). A bounded ring of the latest ones, in epoch milliseconds.
 */

export interface LongTask {
  start: number;
  duration: number;
}

const MAX_KEPT = 500;

export interface LongTaskWatch {
  /** Long tasks overlapping [from, to]. */
  between(from: number, to: number): LongTask[];
  stop(): void;
}

export function watchLongTasks(): LongTaskWatch {
  const tasks: LongTask[] = [];
  let observer: PerformanceObserver | undefined;
  const supported = typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes?.includes('longtask');
  if (supported) {
    const origin = performance.timeOrigin;
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        tasks.push({ start: origin + entry.startTime, duration: entry.duration });
        if (tasks.length > MAX_KEPT) tasks.shift();
      }
    });
    observer.observe({ type: 'longtask', buffered: true });
  }
  return {
    between(from, to) {
      return tasks.filter((task) => task.start <= to && task.start + task.duration >= from);
    },
    stop() {
      observer?.disconnect();
    },
  };
}

/**
 * Run work after the current task, in order: how the stream tap looks at chunks without sitting
 * on the app's read path. (A microtask would still run before the app's code that awaits the
 * chunk through a few layers of async iterators, as SDKs do; a macrotask runs after all of it.)
 * setImmediate in Node, a MessageChannel in browsers (no 4 ms clamping as with setTimeout),
 * setTimeout as the last resort.
 */

type Task = () => void;

let queue: Task[] = [];
let post: (() => void) | undefined;

function run(): void {
  const tasks = queue;
  queue = [];
  for (const task of tasks) task();
}

function poster(): () => void {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return () => g.setImmediate!(run);
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    channel.port1.onmessage = run;
    return () => channel.port2.postMessage(undefined);
  }
  return () => setTimeout(run, 0);
}

/** Run task after the current task. Tasks run in the order they were deferred; one that throws does not stop the others. */
export function afterTask(task: Task): void {
  queue.push(() => {
    try {
      task();
    } catch {
      // Callers guard their own work; this only keeps one failure from dropping the rest.
    }
  });
  if (queue.length === 1) (post ??= poster())();
}

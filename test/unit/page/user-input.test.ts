// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { describeTarget, watchUserInput, INPUT_WINDOW_MS } from '../../../src/instrument/page/user-input';

describe('watchUserInput', () => {
  it('remembers the latest click or key press, never the typed character', () => {
    document.body.innerHTML = '<button id="send">Send <b>now</b></button><input id="q" name="question">';
    const watch = watchUserInput(window);
    document.getElementById('send')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const afterClick = watch.inputBefore(performance.timeOrigin + performance.now());
    expect(afterClick).toMatchObject({ type: 'click', target: 'button#send "Send now"' });
    document.getElementById('q')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
    const typed = watch.inputBefore(performance.timeOrigin + performance.now());
    expect(typed).toMatchObject({ type: 'keydown', key: 'key', target: 'input#q "question"' });
    document.getElementById('q')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(watch.inputBefore(performance.timeOrigin + performance.now())?.key).toBe('Enter');
    watch.stop();
  });

  it('an input long before the trace, or after it, did not start it', () => {
    const watch = watchUserInput(window);
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const at = performance.timeOrigin + performance.now();
    expect(watch.inputBefore(at + INPUT_WINDOW_MS + 1)).toBeUndefined();
    expect(watch.inputBefore(at - 1000)).toBeUndefined();
    watch.stop();
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });

  it('describes odd targets without throwing', () => {
    expect(describeTarget(null)).toBe('');
    expect(describeTarget(window)).toBe('');
  });
});

describe('a form submitted by a click', () => {
  it('keeps the click as the input that started the turn', () => {
    document.body.innerHTML = '<form id="f"><button id="go">Go</button></form>';
    const watch = watchUserInput(window);
    document.getElementById('go')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    document.getElementById('f')!.dispatchEvent(new Event('submit', { bubbles: true }));
    expect(watch.inputBefore(performance.timeOrigin + performance.now())?.type).toBe('click');
    watch.stop();
  });
});

// @vitest-environment happy-dom
/**
 * install() and XMLHttpRequest: patched by default (the prototype's methods, never the
 * constructor), left alone with `instrumentXhr: false`, restored by uninstall().
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { install } from '../../../src/install';
import { instrumentXhr, isXhrInstrumented } from '../../../src/instrument/xhr/instrument-xhr';

const proto = XMLHttpRequest.prototype;
const natives = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
const NativeXhr = XMLHttpRequest;
afterEach(() => vi.restoreAllMocks());

describe('install() and XMLHttpRequest', () => {
  it('patches open/send/setRequestHeader on the prototype, keeps the constructor, and uninstall restores them', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = install({ overlay: false });
    expect(isXhrInstrumented()).toBe(true);
    expect(globalThis.XMLHttpRequest).toBe(NativeXhr);
    expect(proto.send).not.toBe(natives.send);
    expect(new XMLHttpRequest()).toBeInstanceOf(NativeXhr);
    handle.uninstall();
    expect(isXhrInstrumented()).toBe(false);
    expect({ open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader }).toEqual(natives);
  });

  it('instrumentXhr: false leaves XMLHttpRequest alone', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = install({ overlay: false, instrumentXhr: false });
    expect(proto.send).toBe(natives.send);
    handle.uninstall();
  });

  it('installs once; a method replaced by someone else after us stays theirs on uninstall', () => {
    const first = instrumentXhr();
    const second = instrumentXhr();
    const ours = proto.send;
    second.uninstall();
    expect(proto.send).toBe(ours);
    const theirs = function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      return ours.call(this, body);
    };
    proto.send = theirs;
    first.uninstall();
    expect(proto.send).toBe(theirs);
    expect(proto.open).toBe(natives.open);
    proto.send = natives.send;
  });
});

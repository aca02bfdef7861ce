/**
 * One XMLHttpRequest as an app would make it, with everything the app can observe logged: each
 * event with the readyState it saw (the events while LOADING collapsed into one entry: how many
 * a stream gets, and in which order readystatechange and progress come, depends on the network), upload events, the response as the app reads it, errors.
 */
export function runXhr(options) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const log = [];
    const upload = [];
    const note = (entry) => {
      // While LOADING, how readystatechange and progress interleave depends on the network's chunks.
      const logged = entry === 'readystatechange:3' || entry === 'progress:3' ? 'loading:3' : entry;
      if (log[log.length - 1] !== logged) log.push(logged);
    };
    const async = options.async !== false;
    xhr.open(options.method ?? 'POST', options.url, async);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    if (options.responseType) xhr.responseType = options.responseType;
    if (options.timeout) xhr.timeout = options.timeout;
    let seenText = '';
    const finish = () => {
      const response = xhr.response;
      resolve({
        log,
        upload,
        status: xhr.status,
        readyState: xhr.readyState,
        seenText,
        kind: response === null ? 'null' : response instanceof Blob ? 'Blob' : response instanceof ArrayBuffer ? 'ArrayBuffer' : typeof response,
        text: xhr.responseType === '' || xhr.responseType === 'text' ? xhr.responseText : response instanceof ArrayBuffer ? new TextDecoder().decode(response) : JSON.stringify(response),
        isXhr: xhr instanceof XMLHttpRequest && Object.getPrototypeOf(xhr) === XMLHttpRequest.prototype,
      });
    };
    for (const type of ['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend']) {
      xhr.addEventListener(type, () => {
        note(`${type}:${xhr.readyState}`);
        if (type === 'progress' && (xhr.responseType === '' || xhr.responseType === 'text')) {
          seenText = xhr.responseText;
          if (options.abortOnText && seenText.length > 0) xhr.abort();
        }
        if (type === 'loadend' && async) setTimeout(finish, 0);
      });
    }
    if (options.upload) for (const type of ['loadstart', 'progress', 'load', 'loadend']) xhr.upload.addEventListener(type, () => upload.push(type));
    try {
      xhr.send(options.body ?? null);
    } catch (error) {
      log.push(`threw:${error.name}`);
      return finish();
    }
    if (!async) finish();
  });
}

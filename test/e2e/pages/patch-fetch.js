// The app's own fetch wrapper, installed before spanlens loads (as some analytics or auth code does).
window.appFetchCalls = 0;
(function () {
  var original = window.fetch;
  window.fetch = function (input, init) {
    window.appFetchCalls++;
    return original.call(this, input, init);
  };
})();

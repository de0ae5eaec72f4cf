// The inbox follows changes live: the server names the conversation that changed (server-sent events), and the page
// fetches what it shows. On a conversation's page only its messages are swapped in, so a reply being typed stays.
(function () {
  const main = document.querySelector('main');
  const conversation = main && main.dataset.conversation;
  const live = document.getElementById('inbox-live');
  const url = conversation ? '/crews/inbox/' + conversation + '/events' : '/crews/inbox/events';
  let source;
  function connect() {
    source = new EventSource(url);
    source.addEventListener('changed', function () {
      if (conversation) {
        fetch('/crews/inbox/' + conversation + '/messages', {credentials: 'same-origin'})
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            if (html === null) { return; }
            const list = document.getElementById('messages');
            const next = new DOMParser().parseFromString(html, 'text/html').getElementById('messages');
            if (list && next) { list.replaceWith(next); }
          });
      } else {
        window.location.reload();
      }
    });
    source.onerror = function () {
      if (live) { live.textContent = 'Reconnecting…'; }
    };
    source.addEventListener('ready', function () {
      if (live) { live.textContent = 'Updates live.'; }
    });
  }
  connect();
  // keyboard: "/" focuses the search, Ctrl+Enter sends a reply
  document.addEventListener('keydown', function (e) {
    const q = document.getElementById('inbox-q');
    if (e.key === '/' && q && document.activeElement !== q && !(document.activeElement instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      q.focus();
    }
    const text = document.getElementById('reply-text');
    if (text && document.activeElement === text && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      document.getElementById('send-reply').click();
    }
  });
  window.addEventListener('beforeunload', function () { if (source) { source.close(); } });
})();

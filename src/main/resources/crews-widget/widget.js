/* The Charter chat widget, inside its iframe. The conversation token is kept in this page's own sessionStorage
   (Charter's origin), never in a cookie; messages are posted as JSON and answers arrive as server-sent events. */
(function () {
  'use strict';
  var root = document.getElementById('widget');
  var key = root.dataset.key;
  var site = root.dataset.site;
  var api = '/api/v1/crews/widget/' + encodeURIComponent(key);
  var storageKey = 'charter-widget:' + key;
  var list = document.getElementById('messages');
  var error = document.getElementById('error');
  var seen = {};
  var streaming = false;

  function token() { try { return window.sessionStorage.getItem(storageKey); } catch (e) { return null; } }
  function keep(t) { try { window.sessionStorage.setItem(storageKey, t); } catch (e) { /* private mode */ } }

  function show(text) { error.textContent = text; error.hidden = !text; }

  function post(path, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var t = token();
    if (t) { headers['X-Charter-Conversation'] = t; }
    body.site = site;
    return fetch(api + path, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'omit' })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) { throw new Error(j.detail || 'The message could not be sent. Try again.'); }
          return j;
        });
      });
  }

  function render(m) {
    if (seen[m.id]) { return; }
    seen[m.id] = true;
    var li = document.createElement('li');
    li.className = m.author;
    li.textContent = m.text;
    (m.citations || []).forEach(function (c) {
      var cite = document.createElement('cite');
      cite.className = 'citation';
      cite.textContent = 'Source: ' + c.title + (c.heading ? ' — ' + c.heading : '');
      li.appendChild(cite);
    });
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  /* Reads the event stream with fetch, so the token travels in a header rather than in the URL. */
  function stream() {
    var t = token();
    if (!t || streaming) { return; }
    streaming = true;
    fetch(api + '/events', { headers: { 'Accept': 'text/event-stream', 'X-Charter-Conversation': t }, credentials: 'omit' })
      .then(function (r) {
        if (!r.ok) { throw new Error('stream ' + r.status); }
        var reader = r.body.getReader();
        var decoder = new TextDecoder();
        var buffer = '';
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { return; }
            buffer += decoder.decode(chunk.value, { stream: true });
            var parts = buffer.split('\n\n');
            buffer = parts.pop();
            parts.forEach(handle);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () { /* reconnect below */ })
      .then(function () { streaming = false; setTimeout(stream, 1000); });
  }

  function handle(block) {
    var name = 'message', data = '';
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) { name = line.slice(6).trim(); }
      else if (line.indexOf('data:') === 0) { data += line.slice(5); }
    });
    if (!data) { return; }
    var value = JSON.parse(data);
    if (name === 'message') { render(value); }
    if (name === 'status') { root.dataset.status = value.status; }
  }

  document.getElementById('ask').addEventListener('submit', function (e) {
    e.preventDefault();
    var box = document.getElementById('text');
    var text = box.value.trim();
    if (!text) { return; }
    show('');
    post('/messages', { text: text }).then(function (j) {
      box.value = '';
      if (j.token) { keep(j.token); }
      stream();
    }).catch(function (err) { show(err.message); });
  });

  document.getElementById('text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); document.getElementById('send').click(); }
  });

  document.getElementById('person').addEventListener('click', function () {
    if (!token()) { show('Write your question first; a person will then answer it here.'); return; }
    post('/person', {}).then(function () { show(''); }).catch(function (err) { show(err.message); });
  });

  document.getElementById('contact').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!token()) { show('Write your question first, then leave your email.'); return; }
    post('/contact', { email: document.getElementById('email').value, company: document.getElementById('company').value })
      .then(function () { document.getElementById('contact-done').hidden = false; show(''); })
      .catch(function (err) { show(err.message); });
  });

  stream();
})();

// Follows a running agent session: its step and new log lines every second, until it has finished; then the page
// reloads once to show the outcome, the comparisons and the pull request.
(function () {
  const main = document.getElementById('pc-session');
  if (!main || main.dataset.finished === 'true') return;
  const id = main.dataset.session;
  const log = document.getElementById('pc-session-log');
  const step = document.getElementById('pc-session-step');
  const status = document.getElementById('pc-session-status');
  let after = 0;
  log.querySelectorAll('[data-seq]').forEach(function (s) { after = Math.max(after, Number(s.dataset.seq)); });
  async function tick() {
    try {
      const lines = await (await fetch('/api/v1/perfcases/sessions/' + id + '/log?after=' + after, {credentials: 'same-origin'})).json();
      const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
      lines.forEach(function (l) {
        const s = document.createElement('span');
        s.dataset.seq = l.seq;
        s.textContent = l.line + '\n';
        log.appendChild(s);
        after = Math.max(after, l.seq);
      });
      if (atEnd) log.scrollTop = log.scrollHeight;
      const s = await (await fetch('/api/v1/perfcases/sessions/' + id, {credentials: 'same-origin'})).json();
      step.textContent = s.step || '';
      status.textContent = s.status;
      if (s.status === 'FINISHED' || s.status === 'FAILED') {
        window.location.reload();
        return;
      }
    } catch (e) {
      step.textContent = 'Could not reach the server; trying again.';
    }
    setTimeout(tick, 1000);
  }
  setTimeout(tick, 1000);
})();

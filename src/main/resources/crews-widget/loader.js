/* Charter chat widget loader: adds the widget's iframe (served by Charter) to the page. Sets no cookie and loads
   nothing else. Usage: <script src="https://CHARTER/widget/loader.js" data-widget="WIDGET-KEY" async></script> */
(function () {
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-widget')) { return; }
  var base = new URL(script.src).origin;
  var frame = document.createElement('iframe');
  frame.src = base + '/widget/' + encodeURIComponent(script.getAttribute('data-widget')) +
    '?site=' + encodeURIComponent(window.location.origin);
  frame.title = script.getAttribute('data-title') || 'Chat with us';
  frame.id = 'charter-widget';
  frame.setAttribute('referrerpolicy', 'no-referrer');
  var s = frame.style;
  s.position = 'fixed'; s.right = '16px'; s.bottom = '16px'; s.width = '360px'; s.height = '520px';
  s.maxWidth = 'calc(100vw - 32px)'; s.maxHeight = 'calc(100vh - 32px)';
  s.border = '1px solid #ccd'; s.borderRadius = '12px'; s.background = '#fff'; s.zIndex = '2147483000';
  function add() { document.body.appendChild(frame); }
  if (document.body) { add(); } else { document.addEventListener('DOMContentLoaded', add); }
})();

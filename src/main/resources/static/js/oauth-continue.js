// Goes on to the provider's authorization page: a form's submission may not be redirected to another origin (the
// page's form-action policy), so the browser follows the link of this page instead.
(function () {
  const link = document.getElementById('oauth-continue');
  if (link) {
    window.location.assign(link.href);
  }
})();

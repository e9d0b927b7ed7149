// Runs before the first paint (a plain script in <head>: the CSP allows no inline script) and sets the
// colour scheme Mantine will use, so a dark system or a remembered choice never flashes light first.
// Keep the key in step with COLOR_SCHEME_KEY in src/app/theme.ts.
(function () {
  var scheme = 'light';
  try {
    var stored = window.localStorage.getItem('caseward.color-scheme');
    var choice = stored === 'light' || stored === 'dark' || stored === 'auto' ? stored : 'auto';
    scheme = choice !== 'auto' ? choice : window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch (e) {
    // no storage or no matchMedia: light
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();

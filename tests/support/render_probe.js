// Test-only probe for the page-rendering tests (tests/support/chromium.sh, fb_dump_probed_dom): appended to
// a copy of a page, never part of a page factorbench writes. Once the page has loaded it counts what
// rendered (tables, SVG charts, images that decoded) into the body's data-rendered attribute, which the
// tests read from the dumped DOM.
window.addEventListener('load', function () {
  var images = document.images, decoded = 0;
  for (var i = 0; i < images.length; i++) if (images[i].naturalWidth > 0) decoded++;
  document.body.setAttribute('data-rendered',
    document.querySelectorAll('table').length + ' tables, ' +
    document.querySelectorAll('svg').length + ' charts, ' + decoded + '/' + images.length + ' images');
});

/* Report a problem: a form sent back with problems puts the focus on their summary, whose links
   lead to each field (the admin's pattern, admin.js). */
(function () {
  "use strict";
  var heading = document.getElementById("error-summary-heading");
  if (heading) { heading.focus(); }
})();

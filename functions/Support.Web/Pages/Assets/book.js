// The booking page without a round trip for the time zone: the browser's own zone is chosen on the first visit,
// and changing the kind or the zone shows its free times at once. Without this script the page has a button for both.
(function () {
  "use strict";
  var choose = document.getElementById("choose-form");
  if (!choose) { return; }
  var zone = document.getElementById("f-tz");
  var detected = "";
  try { detected = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { detected = ""; }
  var params = new URLSearchParams(window.location.search);
  if (!params.has("tz") && detected && zone && zone.value !== detected) {
    for (var i = 0; i < zone.options.length; i++) {
      if (zone.options[i].value === detected) {
        zone.value = detected;
        choose.submit();
        return;
      }
    }
  }

  var inputs = choose.querySelectorAll("input[name=kind], select[name=tz]");
  for (var j = 0; j < inputs.length; j++) {
    inputs[j].addEventListener("change", function () { choose.submit(); });
  }

  var show = document.getElementById("show-times");
  if (show) { show.hidden = true; }
})();

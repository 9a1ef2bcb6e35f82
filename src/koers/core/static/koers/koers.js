// Small progressive enhancements; every page works without this file.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches("[data-autosubmit]")) {
    target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
  }
});

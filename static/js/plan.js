// The 打印全文 link opens the plan read whole (?expand=all&print=1) and asks for the print
// dialog once it has loaded; the print style sheet leaves the site's navigation out.
document.addEventListener("DOMContentLoaded", function () {
  if (document.querySelector("[data-print-now]")) {
    window.print();
  }
});

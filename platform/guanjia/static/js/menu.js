// The portal's menu (templates/includes/portal_nav.html). Its groups are <details>, which open
// and close without this file; here one group's opening closes the others (for browsers that
// ignore <details name>), Escape or a click elsewhere closes it, a menu that would run off the
// right edge of the window opens leftwards from its button instead, and when the buttons wrap
// onto several rows an open menu drops below all of them rather than over the next row.
(function () {
  "use strict";

  const menu = document.querySelector(".portal-menu");
  const groups = Array.from(document.querySelectorAll("details.menu-group"));
  if (!menu || !menu.firstElementChild) return;

  // Buttons on more than one row: an open menu goes below all of them (see guanjia.css).
  function markWrapped() {
    const first = menu.firstElementChild;
    const last = menu.lastElementChild;
    menu.classList.toggle("wrapped", last.offsetTop >= first.offsetTop + first.offsetHeight);
  }
  markWrapped();
  window.addEventListener("resize", markWrapped);
  if (document.fonts) document.fonts.ready.then(markWrapped);

  function fit(group) {
    group.classList.remove("menu-end");
    const panel = group.querySelector(".menu-panel");
    if (panel && panel.getBoundingClientRect().right > document.documentElement.clientWidth) {
      group.classList.add("menu-end");
    }
  }

  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) return;
      groups.forEach(function (other) {
        if (other !== group) other.open = false;
      });
      fit(group);
    });
    // Tabbing on past a group's last link closes it.
    group.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !group.contains(event.relatedTarget)) group.open = false;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups.forEach(function (group) {
      if (!group.open) return;
      group.open = false;
      group.querySelector("summary").focus();
    });
  });

  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) group.open = false;
    });
  });
})();

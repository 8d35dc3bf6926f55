// The Souk console: hash routes, a header with the language switch, and the pages of each
// role. Arabic (RTL) by default; the switch re-renders the whole page in English.
import { signOut } from "firebase/auth";
import { dropListeners, session, souk, watchSession } from "./app";
import { button, h } from "./dom";
import { getLocale, setLocale, t } from "./i18n";
import { adminPage } from "./pages/admin";
import { checkoutPage } from "./pages/checkout";
import { engineerPage, jobsPage } from "./pages/jobs";
import { notificationsPage, orderPage, ordersList } from "./pages/orders";
import { listingPage, listingsPage } from "./pages/public";
import { signInPage } from "./pages/signin";
import { vendorPage } from "./pages/vendor";

const root = document.getElementById("app") as HTMLElement;

function header(): HTMLElement {
  const link = (href: string, label: string) => h("a", { href }, label);
  const nav = h("nav", { "aria-label": t("brand") }, link("#/", t("navListings")));
  if (session) {
    if (session.role === "customer") nav.append(link("#/orders", t("navOrders")), link("#/jobs", t("navJobs")));
    if (session.role === "vendor") nav.append(link("#/vendor", t("navVendor")));
    if (session.role === "engineer") nav.append(link("#/engineer", t("navEngineer")));
    if (session.role === "admin") nav.append(link("#/admin", t("navAdmin")));
    nav.append(link("#/notifications", t("navNotifications")));
  } else {
    nav.append(link("#/signin", t("navSignIn")));
  }
  const who = session ? h("span", {}, `${t("signedInAs")} ${session.user.email ?? ""} `, button(t("navSignOut"), () => signOut(souk.auth).then(() => (location.hash = "#/")))) : null;
  const lang = button(t("switchLang"), () => {
    setLocale(getLocale() === "ar" ? "en" : "ar");
    render();
  }, { lang: getLocale() === "ar" ? "en" : "ar" });
  return h("header", {}, h("strong", {}, t("brand")), nav, who ?? "", lang);
}

function page(route: string): HTMLElement {
  const [path] = route.split("?");
  const parts = path.split("/").filter(Boolean);
  const needs = (role?: string): boolean => session !== null && (role === undefined || session.role === role);
  switch (parts[0]) {
    case undefined:
      return listingsPage();
    case "listing":
      return listingPage(parts[1]);
    case "signin":
      return signInPage();
    case "checkout":
      return needs() ? checkoutPage(parts[1], parts[2]) : signInPage();
    case "orders":
      if (!needs()) return signInPage();
      return parts[1] ? orderPage(parts[1]) : h("section", {}, h("h1", {}, t("navOrders")), ordersList("buyerId", t("navOrders")));
    case "notifications":
      return needs() ? notificationsPage() : signInPage();
    case "jobs":
      return needs() ? jobsPage() : signInPage();
    case "engineer":
      return needs("engineer") ? engineerPage() : signInPage();
    case "vendor":
      return needs("vendor") ? vendorPage() : signInPage();
    case "admin":
      return needs("admin") ? adminPage() : signInPage();
    default:
      return listingsPage();
  }
}

function render(): void {
  dropListeners();
  const route = location.hash.replace(/^#/, "") || "/";
  root.replaceChildren(header(), h("main", {}, page(route)));
}

setLocale(getLocale());
// Nothing renders before Firebase Auth's first answer: a page drawn earlier (a quick hash
// change to #/signin) was drawn again when the answer came, emptying what the person had typed.
let authAnswered = false;
window.addEventListener("hashchange", () => {
  if (authAnswered) render();
});
watchSession(() => {
  // The first auth answer (signed in or not) is the first render; later ones refresh the header and page.
  authAnswered = true;
  render();
});

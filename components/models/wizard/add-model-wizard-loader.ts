// A hop between the page and the wizard: this module's own chunk holds the (long) list of chunks the wizard needs,
// so that list is fetched after first paint instead of shipping in the page's first-load JS.
export const loadAddModelWizard = () => import("./add-model-wizard");

// A hop between the page and model-detail-lazy: this module's own chunk holds the (long) list of chunks the dialogs
// and panels need, so that list is fetched on the first press instead of shipping in the page's first-load JS.
export const loadModelActions = () => import("./model-detail-lazy");

// The example site's analytics: Segment's browser SDK (analytics.js 2.0,
// @segment/analytics-next from npm, unchanged) sending to the leadgate
// collector, only its host pointed there. Bundled for the site by
// scripts/lib/build-site-analytics.mjs; configured by its script tag.
import { AnalyticsBrowser } from "@segment/analytics-next";

const tag = document.currentScript;
const { writeKey } = tag.dataset;
// The collector's Tracking API, "host:port/v1"; by default the page's own.
const segment = {
  apiHost: tag.dataset.apiHost || `${location.host}/v1`,
  protocol: tag.dataset.protocol || location.protocol.replace(":", ""),
};
if (tag.dataset.delivery === "batching") {
  segment.deliveryStrategy = {
    strategy: "batching",
    config: { size: Number(tag.dataset.batchSize || 10), timeout: Number(tag.dataset.batchTimeout || 5000) },
  };
}
// What Segment's CDN would answer for the key, given here so that nothing
// is fetched from Segment (and no usage metrics are sent anywhere).
const cdnSettings = { integrations: { "Segment.io": { apiKey: writeKey } }, metrics: { sampleRate: 0 } };
window.analytics = AnalyticsBrowser.load({ writeKey, cdnSettings }, { integrations: { "Segment.io": segment } });
window.analytics.page();

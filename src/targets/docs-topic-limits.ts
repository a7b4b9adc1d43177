/**
 * The API Limits topic page: credits per 24 hours and concurrent calls by edition, from
 * `shared/zoho-facts.md` section 3 (Zoho's API limits page and Kaizen #203), plus the endpoints
 * that declare their own `concurrency` (case C05).
 */
import type { Connector } from "../spec/model.ts";
import { errorAnchor, link, paragraph, type Topic, table } from "./docs-content.ts";

/** The API Limits page of `connector`. */
export function limitsTopic(connector: Connector): Topic {
  return {
    page: "api-limits",
    title: "API Limits",
    summary: [
      `${connector.title} limits API use per organization in two ways: credits per day and ` +
        "calls in flight at once.",
    ],
    sections: [
      {
        title: "Credits",
        blocks: [
          paragraph(
            "Each call costs credits (most cost one). The allowance is counted over a rolling " +
              "24 hours: every call checks the credits spent in the 24 hours before it.",
          ),
          table(
            ["Edition", "Credits per 24 hours", "Ceiling"],
            [
              [["Free"], ["5,000"], ["5,000"]],
              [["Standard"], ["50,000 + 250 per user + add-ons"], ["100,000"]],
              [["Professional"], ["50,000 + 500 per user + add-ons"], ["3,000,000"]],
              [["Enterprise"], ["50,000 + 1,000 per user + add-ons"], ["5,000,000"]],
              [["Ultimate"], ["50,000 + 2,000 per user + add-ons"], ["no ceiling"]],
            ],
          ),
        ],
      },
      {
        title: "Concurrent calls",
        blocks: [
          paragraph("Calls running at the same time, per organization and per OAuth client:"),
          table(
            ["Edition", "Concurrent calls"],
            [
              [["Free"], ["5"]],
              [["Standard"], ["10"]],
              [["Professional"], ["15"]],
              [["Enterprise"], ["20"]],
              [["Ultimate"], ["25"]],
            ],
          ),
          paragraph(
            "Heavy calls (writes of more than 10 records, COQL queries, lead conversion, bulk " +
              "jobs) share a lower limit of 10 at once.",
          ),
          ...ownConcurrency(connector),
        ],
      },
      {
        title: "When a limit is reached",
        blocks: [
          paragraph(
            "Zoho answers HTTP 429 with the code ",
            link("`TOO_MANY_REQUESTS`", "status-codes", errorAnchor("TOO_MANY_REQUESTS")),
            ". Wait and retry with growing, randomized delays, and run fewer calls in " +
              "parallel. Do not count on rate-limit response headers: Zoho does not document " +
              "them for this API.",
          ),
          paragraph(
            "The generated Node client retries 429 replies with backoff and limits its own " +
              "concurrency; Deluge functions also count against the organization's limits.",
          ),
        ],
      },
    ],
  };
}

/** Case C05: the endpoints the Node client holds to their own limit (spec `concurrency`). */
function ownConcurrency(connector: Connector) {
  const limited = connector.endpoints.filter((endpoint) => endpoint.concurrency !== undefined);
  if (limited.length === 0) return [];
  const pieces = limited.flatMap((endpoint, index) => [
    index === 0 ? "" : ", ",
    `${endpoint.concurrency} calls of `,
    link(`\`${endpoint.id}\``, endpoint.id),
  ]);
  return [
    paragraph(
      "The generated Node client runs at most ",
      ...pieces,
      " at once (`concurrency` in the spec); the organization's limit applies as well.",
    ),
  ];
}

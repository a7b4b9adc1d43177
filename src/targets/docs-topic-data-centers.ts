/**
 * The Multi-DC Support topic page: the connector's data centers with their API domains and
 * accounts servers, how to find an organization's data center (`shared/zoho-facts.md`
 * section 1), and how invokekit chooses one.
 */
import type { Connector } from "../spec/model.ts";
import { errorAnchor, link, list, paragraph, type Topic, table } from "./docs-content.ts";
import { defaultDataCenter } from "./sample-arguments.ts";

/** The Multi-DC Support page of `connector`. */
export function multiDcTopic(connector: Connector): Topic {
  const rows = connector.dataCenters.map((dc) => [
    [dc.label],
    [`\`${dc.id}\``],
    [`\`${dc.apiDomain}\``],
    [`\`${dc.accountsDomain}\``],
  ]);
  const first = defaultDataCenter(connector);
  const sandboxDomain = first.apiDomain.replace("www.", "sandbox.");
  return {
    page: "multi-dc-support",
    title: "Multi-DC Support",
    summary: [
      "Zoho runs separate data centers; an organization, its users and its tokens live in " +
        "exactly one of them.",
    ],
    sections: [
      {
        title: "Data centers",
        blocks: [
          table(["Data center", "Id", "API domain", "Accounts server"], rows),
          paragraph(
            "Call the API domain and the accounts server of the organization's data center. " +
              "A token issued in one data center is rejected by the others (",
            link("`INVALID_TOKEN`", "status-codes", errorAnchor("INVALID_TOKEN")),
            ").",
          ),
        ],
      },
      {
        title: "Finding the data center",
        blocks: [
          list([
            [
              "After the user grants access, Zoho's redirect carries `location` (for example " +
                "`us`) and `accounts-server`; exchange the grant code on that accounts server.",
            ],
            ["The token reply's `api_domain` is the API domain to call."],
            [
              `Sandbox and developer organizations use \`sandbox.\` and \`developer.\` hosts ` +
                `instead of \`www.\` (for example \`${sandboxDomain}\`); ` +
                "their tokens are separate from production ones.",
            ],
          ]),
        ],
      },
      {
        title: "In invokekit",
        blocks: [
          list([
            [
              `Samples are written for ${first.label} (\`${first.id}\`). On the site, the data ` +
                "center switch at the top shows every sample and the connection config for " +
                "another data center.",
            ],
            ["The Node client reads the data center id from `ZOHO_DC` (default `us`)."],
            [
              "Each data center has its own connection config; see the ",
              link("connection guide", "connection-guide"),
              ".",
            ],
          ]),
        ],
      },
    ],
  };
}
